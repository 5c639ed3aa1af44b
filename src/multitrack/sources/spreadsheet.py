"""Text cells that a spreadsheet must not read as formulas.

A cell whose text starts with = + - @ (or a tab or carriage return) is run as a formula by Excel,
LibreOffice and Google Sheets when a CSV file is opened; anyone who can put text into an export (a failed
login's user name, a participant's statement) could plant one. Such cells are written with a leading
apostrophe, which spreadsheets show as text, and read back without it.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    """`text` as a cell no spreadsheet runs."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unsafe(text: str) -> str:
    """The text `safe` was given (a leading apostrophe that `safe` added is removed)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text
