"""Plain domain code: dataclasses, Japanese text handling and population bands (no Qt, no I/O)."""
