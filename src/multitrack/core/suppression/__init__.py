"""Small-cell suppression of count tables before they are published (docs/suppression.md).

`suppress` protects one two-way table with totals (module `table`); `suppress_together` protects several
tables published together, aggregations of one `Cube` of counts (`cube`, `linked`), using `reader` to
decide what a reader of all of them can work out.
"""

from multitrack.core.suppression.cube import Cube
from multitrack.core.suppression.linked import suppress_together
from multitrack.core.suppression.table import DEFAULT_THRESHOLD, SuppressedTable, Table, suppress

__all__ = ["DEFAULT_THRESHOLD", "Cube", "SuppressedTable", "Table", "suppress", "suppress_together"]
