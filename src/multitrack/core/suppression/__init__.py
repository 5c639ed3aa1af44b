"""Small-cell suppression of count tables before they are published (docs/suppression.md)."""

from multitrack.core.suppression.reader import (
    DEFAULT_THRESHOLD,
    Cube,
    SuppressedTable,
    Table,
    suppress,
    suppress_together,
)

__all__ = ["DEFAULT_THRESHOLD", "Cube", "SuppressedTable", "Table", "suppress", "suppress_together"]
