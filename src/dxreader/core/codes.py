"""The JIS X 0402 local-government code's check digit."""

from __future__ import annotations


def check_digit_ok(code: str) -> bool:
    """Weights 6,5,4,3,2 over the first five digits; the sixth is (11 - sum mod 11) mod 10."""
    if len(code) != 6 or not code.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2)))
    return int(code[5]) == (11 - total % 11) % 10
