"""The cube of counts that tables published together aggregate (`Cube`), and how a published number
names the cube cells it adds up (`Key`).

A cube counts every combination of the values of some named dimensions (gender x age x track, ...): the
finest cross-classification, never published. `Cube.table` is one two-way aggregation of it, a `Table`
as `suppress` takes; `suppress_together` (in `linked`) protects several of them at once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from multitrack.core.suppression.table import Table

# A published number is the sum of the cube's cells that agree with a partial assignment of values to
# dimensions: a table cell fixes its row and column dimensions, a row total only its row dimensions, the
# grand total none. `Key` is that assignment as sorted (dimension index, value index) pairs, leaving out
# dimensions with a single value (fixing them selects nothing less), so two published numbers have the
# same key exactly when they add up the same cells.
Key = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Cube:
    """Counts over every combination of the values of some named dimensions: the finest table, never
    published.

    `counts` maps a combination (one value per dimension, in the order of `dims`) to its count; missing
    combinations are 0. Counts are ints >= 0; zero entries are dropped, so equal cubes compare equal.
    """

    dims: tuple[str, ...]  # e.g. ("gender", "age", "track")
    values: tuple[tuple[str, ...], ...]  # the values of each dimension, in display order
    counts: Mapping[tuple[str, ...], int]  # combination -> count (missing = 0)

    def __post_init__(self) -> None:
        dims = tuple(self.dims)
        values = tuple(tuple(vs) for vs in self.values)
        if len(set(dims)) != len(dims):
            raise ValueError(f"dimensions must be unique, got {dims!r}")
        if len(values) != len(dims):
            raise ValueError(f"{len(dims)} dimensions but {len(values)} lists of values")
        for dim, vs in zip(dims, values, strict=True):
            if not isinstance(dim, str) or not all(isinstance(v, str) for v in vs):
                raise ValueError(f"dimensions and values must be strings, got {dim!r}: {vs!r}")
            if len(set(vs)) != len(vs):
                raise ValueError(f"values of {dim!r} must be unique, got {vs!r}")
        known = [set(vs) for vs in values]
        counts: dict[tuple[str, ...], int] = {}
        for combo, n in self.counts.items():
            if not isinstance(combo, tuple) or len(combo) != len(dims):
                raise ValueError(f"a combination must be a tuple of {len(dims)} values, got {combo!r}")
            for dim, v, allowed in zip(dims, combo, known, strict=True):
                if v not in allowed:
                    raise ValueError(f"{v!r} is not one of the values of {dim!r}")
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise ValueError(f"counts must be integers >= 0, got {n!r} for {combo!r}")
            if n:
                counts[combo] = n
        object.__setattr__(self, "dims", dims)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "counts", counts)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, str]],
        dims: Sequence[str],
        values: Mapping[str, Sequence[str]] | None = None,
    ) -> Cube:
        """Count each record once, by its values of `dims` (other keys of a record are ignored).

        `values` fixes the order of a dimension's values and may name values no record has; a record
        with a value outside them, or with no value for a dimension, raises ValueError. A dimension left
        out of `values` takes the values seen, sorted.
        """
        dims = tuple(dims)
        given = dict(values or {})
        if unknown := sorted(set(given) - set(dims)):
            raise ValueError(f"values given for {unknown!r}, which are not among the dimensions {dims!r}")
        combos: list[tuple[str, ...]] = []
        for record in records:
            missing = [d for d in dims if d not in record]
            if missing:
                raise ValueError(f"a record has no value for {missing[0]!r}: {dict(record)!r}")
            combos.append(tuple(record[d] for d in dims))
        all_values = []
        for k, dim in enumerate(dims):
            seen = {combo[k] for combo in combos}
            if dim in given:
                order = tuple(given[dim])
                if outside := sorted(seen - set(order), key=repr):
                    raise ValueError(f"{outside[0]!r} is not one of the values of {dim!r}: {order!r}")
            else:
                order = tuple(sorted(seen))
            all_values.append(order)
        counts: dict[tuple[str, ...], int] = {}
        for combo in combos:
            counts[combo] = counts.get(combo, 0) + 1
        return cls(dims, tuple(all_values), counts)

    def table(self, rows: Sequence[str], cols: Sequence[str]) -> Table:
        """The two-way aggregation: row labels are the row dims' values joined with " × " (one dim: the
        value itself), same for columns.

        Lines follow the order of the values, the first dimension varying slowest; dimensions on
        neither side are summed over. Each side names at least one dimension, and no dimension twice.
        """
        row_dims, col_dims = self._layout(rows, cols)
        sizes = [len(self.values[d]) for d in (*row_dims, *col_dims)]
        n_rows = math.prod(sizes[: len(row_dims)])
        n_cols = math.prod(sizes[len(row_dims) :])
        grid = self._margin((*row_dims, *col_dims)).reshape(n_rows, n_cols)
        return Table(
            row_labels=self._labels(row_dims),
            col_labels=self._labels(col_dims),
            counts=tuple(tuple(int(n) for n in row) for row in grid),
        )

    def _layout(self, rows: Sequence[str], cols: Sequence[str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        at = {dim: k for k, dim in enumerate(self.dims)}
        if isinstance(rows, str) or isinstance(cols, str):
            raise ValueError(f"rows and columns are sequences of dimension names, got {rows!r}, {cols!r}")
        for name in (*rows, *cols):
            if name not in at:
                raise ValueError(f"{name!r} is not one of the dimensions {self.dims!r}")
        if not rows or not cols:
            raise ValueError(f"rows and columns each need at least one dimension, got {rows!r}, {cols!r}")
        if len({*rows, *cols}) != len(rows) + len(cols):
            raise ValueError(f"a dimension appears twice in rows {rows!r} and columns {cols!r}")
        return tuple(at[name] for name in rows), tuple(at[name] for name in cols)

    def _labels(self, dims: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(" × ".join(combo) for combo in itertools.product(*(self.values[d] for d in dims)))

    def _margin(self, dims: Sequence[int]) -> npt.NDArray[np.int64]:
        """Counts summed over every dimension not in `dims`, as an array indexed by value positions."""
        out = np.zeros(tuple(len(self.values[d]) for d in dims), dtype=np.int64)
        position = [{v: i for i, v in enumerate(vs)} for vs in self.values]
        for combo, n in self.counts.items():
            out[tuple(position[d][combo[d]] for d in dims)] += n
        return out
