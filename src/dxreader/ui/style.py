"""The few style rules the platform style gets wrong for us: a pressed toggle must look pressed at a glance
(Windows' and Fusion's checked push button differs from an unchecked one by a faint shade only)."""

PRESSED_TOGGLE = """
QPushButton:checked {
    background-color: #1d4f91; color: white; font-weight: bold;
    border: 1px solid #0f2f5c; border-radius: 3px; padding: 3px 6px;
}
QPushButton:checked:disabled { background-color: #7f95b3; }
"""
