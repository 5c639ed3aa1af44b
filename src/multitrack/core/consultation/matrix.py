"""The vote matrix of a consultation: the latest vote of each participant on each statement.

Participants vote agree (+1), disagree (-1) or pass (0) on statements, one at a time, and may vote on the
same statement again: the latest vote counts, always. Participant and statement ids are opaque hashable
keys (ints, strings ...); each gets a position the first time it is seen and keeps it.

Storage promises, for a matrix of V distinct (participant, statement) votes:

* the votes are held in two numpy arrays sorted by (participant position, statement position), one
  entry per pair: a key ``row << 32 | column`` (int64) and the value (int8), about 9 bytes a vote — never a
  Python object per vote;
* `add` is amortised O(1): votes are buffered and merged in one numpy pass when the matrix is next read;
  `from_votes`/`extend` take whole arrays and deduplicate them with one stable sort;
* `withdraw` removes every vote a participant has cast so far; votes they cast afterwards count again.

`votes()` hands the analysis a `Votes`: the votes on a chosen list of statements (the app analyses the
accepted ones only), with rows renumbered to the participants who voted on at least one of them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

Id = Hashable
IntArray = npt.NDArray[np.int64]

_SHIFT = np.int64(32)
_LOW = np.int64((1 << 32) - 1)


class VoteError(ValueError):
    """A vote other than -1 (disagree), 0 (pass) or 1 (agree), or vote lists of different lengths."""


@dataclass(frozen=True, eq=False)  # holds numpy arrays: compared by identity
class Votes:
    """The latest votes on `statements`, by the participants who cast at least one of them.

    Entry i is participant ``participants[rows[i]]``'s vote ``values[i]`` on ``statements[cols[i]]``;
    each (row, column) pair occurs once, sorted by row (within a row, by the matrix's statement order).
    """

    participants: tuple[Id, ...]
    statements: tuple[Id, ...]
    rows: npt.NDArray[np.int32]
    cols: npt.NDArray[np.int32]
    values: npt.NDArray[np.int8]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)

    @cached_property
    def indptr(self) -> IntArray:
        """Where each row's entries start (CSR row pointers; the rows are sorted)."""
        return np.searchsorted(self.rows, np.arange(len(self.participants) + 1)).astype(np.int64)

    @property
    def n_votes(self) -> IntArray:
        """Votes (passes included) per participant, aligned with `participants`."""
        return np.diff(self.indptr)

    def csr(self, data: npt.NDArray[np.float64]) -> sparse.csr_matrix:
        """The participants x statements CSR matrix holding `data[i]` at entry i."""
        return sparse.csr_matrix((data, self.cols, self.indptr), shape=self.shape)

    def indicator(self, which: Literal["seen", "agree", "disagree", "pass"]) -> sparse.csr_matrix:
        """A 0/1 participants x statements CSR matrix (float64) of the votes of one kind ("seen": any).

        All four share the votes' sparsity structure (a vote of another kind is an explicit 0), so none
        needs a pass to rebuild row pointers.
        """
        if which == "seen":
            return self.csr(np.ones(len(self.values)))
        value = {"agree": 1, "disagree": -1, "pass": 0}[which]
        return self.csr((self.values == value).astype(np.float64))

    def counts(self) -> dict[str, IntArray]:
        """Per statement (aligned with `statements`): agree, disagree, pass and seen counts."""
        m = len(self.statements)
        both = np.bincount(self.cols.astype(np.int64) * 3 + (self.values + 1), minlength=3 * m)
        disagree, passes, agree = (both[i::3].astype(np.int64) for i in range(3))
        return {"agree": agree, "disagree": disagree, "pass": passes, "seen": agree + disagree + passes}


class VoteMatrix:
    """The latest vote of each participant on each statement (see the module docstring)."""

    def __init__(self) -> None:
        self._participant_ids: list[Id] = []
        self._participant_at: dict[Id, int] = {}
        self._statement_ids: list[Id] = []
        self._statement_at: dict[Id, int] = {}
        self._keys: IntArray = np.empty(0, dtype=np.int64)  # sorted, unique
        self._values: npt.NDArray[np.int8] = np.empty(0, dtype=np.int8)
        self._pending: list[tuple[int, int, int]] = []

    @classmethod
    def from_votes(
        cls, participants: Sequence[Id] | Any, statements: Sequence[Id] | Any, values: Sequence[int] | Any
    ) -> VoteMatrix:
        """A matrix from three equal-length sequences in chronological order (later votes override).

        numpy arrays of ints or strings are read without a Python loop; other sequences id by id.
        Raises VoteError for unequal lengths or a value not in {-1, 0, 1} (nothing is kept then).
        """
        matrix = cls()
        matrix.extend(participants, statements, values)
        return matrix

    # -- writing -----------------------------------------------------------------------------------

    def add(self, participant: Id, statement: Id, value: int) -> None:
        """Record one vote (it overrides any earlier vote of the participant on the statement)."""
        if isinstance(value, bool) or value not in (-1, 0, 1):
            raise VoteError(f"a vote is -1 (disagree), 0 (pass) or 1 (agree), got {value!r}")
        row = self._participant_at.get(participant)
        if row is None:
            row = self._new(participant, self._participant_ids, self._participant_at)
        col = self._statement_at.get(statement)
        if col is None:
            col = self._new(statement, self._statement_ids, self._statement_at)
        self._pending.append((row, col, int(value)))

    def extend(
        self, participants: Sequence[Id] | Any, statements: Sequence[Id] | Any, values: Sequence[int] | Any
    ) -> None:
        """Record many votes at once, in chronological order, after those already recorded."""
        vals = np.asarray(values)
        if not (len(participants) == len(statements) == len(vals)):
            raise VoteError(
                f"participants, statements and values differ in length "
                f"({len(participants)}, {len(statements)}, {len(vals)})"
            )
        if vals.size and (vals.dtype.kind not in "iuf" or not np.isin(vals, (-1, 0, 1)).all()):
            bad = vals[~np.isin(vals, (-1, 0, 1))] if vals.dtype.kind in "iuf" else vals
            raise VoteError(f"a vote is -1 (disagree), 0 (pass) or 1 (agree), got {bad.flat[0].item()!r}")
        rows = self._codes(participants, self._participant_ids, self._participant_at)
        cols = self._codes(statements, self._statement_ids, self._statement_at)
        self._flush()
        self._merge((rows << _SHIFT) | cols, vals.astype(np.int8))

    def withdraw(self, participant: Id) -> int:
        """Remove every vote `participant` has cast so far; returns how many (0 for an unknown id)."""
        row = self._participant_at.get(participant)
        if row is None:
            return 0
        self._flush()
        lo, hi = np.searchsorted(self._keys, [row << 32, (row + 1) << 32])
        self._keys = np.delete(self._keys, np.s_[lo:hi])
        self._values = np.delete(self._values, np.s_[lo:hi])
        return int(hi - lo)

    # -- reading -----------------------------------------------------------------------------------

    @property
    def participants(self) -> tuple[Id, ...]:
        """Participants with at least one vote, in first-seen order (withdrawn ones left out)."""
        self._flush()
        active, _ = _renumber(self._keys >> _SHIFT)
        return tuple(self._participant_ids[i] for i in active.tolist())

    @property
    def statements(self) -> tuple[Id, ...]:
        """Every statement voted on so far, in first-seen order (kept after its voters withdraw)."""
        return tuple(self._statement_ids)

    @property
    def n_votes(self) -> dict[Id, int]:
        """Votes (passes included) per participant with at least one vote."""
        self._flush()
        counts = np.bincount(self._keys >> _SHIFT, minlength=len(self._participant_ids))
        return {self._participant_ids[i]: int(counts[i]) for i in np.flatnonzero(counts).tolist()}

    def __len__(self) -> int:
        """The number of (participant, statement) pairs with a vote."""
        self._flush()
        return len(self._keys)

    @property
    def nbytes(self) -> int:
        """Bytes held by the vote arrays (the id maps not counted)."""
        self._flush()
        return int(self._keys.nbytes + self._values.nbytes)

    def vote(self, participant: Id, statement: Id) -> int | None:
        """The latest vote of `participant` on `statement`, or None."""
        row, col = self._participant_at.get(participant), self._statement_at.get(statement)
        if row is None or col is None:
            return None
        self._flush()
        key = (row << 32) | col
        at = int(np.searchsorted(self._keys, key))
        if at < len(self._keys) and self._keys[at] == key:
            return int(self._values[at])
        return None

    def votes(self, statements: Iterable[Id] | None = None) -> Votes:
        """The votes on `statements` (default: all, in first-seen order; unknown ids get no votes),
        with rows renumbered to the participants who voted on at least one of them, first-seen order."""
        self._flush()
        chosen = tuple(self._statement_ids) if statements is None else tuple(statements)
        if len(set(chosen)) != len(chosen):
            raise ValueError("the statements to analyse must be distinct")
        column = np.full(len(self._statement_ids), -1, dtype=np.int64)
        for j, sid in enumerate(chosen):
            at = self._statement_at.get(sid)
            if at is not None:
                column[at] = j
        cols = column[self._keys & _LOW] if len(column) else np.empty(0, dtype=np.int64)
        keep = cols >= 0
        present, new_rows = _renumber(self._keys[keep] >> _SHIFT)
        return Votes(
            participants=tuple(self._participant_ids[i] for i in present.tolist()),
            statements=chosen,
            rows=new_rows.astype(np.int32),
            cols=cols[keep].astype(np.int32),
            values=self._values[keep],
        )

    def indicators(
        self, statements: Iterable[Id] | None = None
    ) -> tuple[Votes, sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix]:
        """The votes on `statements` and their "seen", "agree" and "disagree" 0/1 CSR matrices."""
        v = self.votes(statements)
        return v, v.indicator("seen"), v.indicator("agree"), v.indicator("disagree")

    # -- internals ---------------------------------------------------------------------------------

    @staticmethod
    def _new(key: Id, ids: list[Id], at: dict[Id, int]) -> int:
        at[key] = len(ids)
        ids.append(key)
        return at[key]

    def _codes(self, keys: Sequence[Id] | Any, ids: list[Id], at: dict[Id, int]) -> IntArray:
        """Positions of `keys`, giving new ids the next positions in first-seen order."""
        if isinstance(keys, np.ndarray) and keys.dtype.kind in "iuUS" and keys.size:
            uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            order = np.argsort(first, kind="stable")
            position = np.empty(len(uniq), dtype=np.int64)
            for u, key in zip(order.tolist(), uniq[order].tolist(), strict=True):
                position[u] = at[key] if key in at else self._new(key, ids, at)
            return position[inverse.ravel()]
        out = np.empty(len(keys), dtype=np.int64)
        for i, key in enumerate(keys):
            pos = at.get(key)
            out[i] = self._new(key, ids, at) if pos is None else pos
        return out

    def _flush(self) -> None:
        if self._pending:
            batch = np.array(self._pending, dtype=np.int64).reshape(-1, 3)
            self._pending = []
            self._merge((batch[:, 0] << _SHIFT) | batch[:, 1], batch[:, 2].astype(np.int8))

    def _merge(self, keys: IntArray, values: npt.NDArray[np.int8]) -> None:
        """Add votes given in chronological order: the last one for a pair wins, here and over stored."""
        if not len(keys):
            return
        order = np.argsort(keys, kind="stable")
        keys, values = keys[order], values[order]
        last = np.append(keys[1:] != keys[:-1], True)
        keys, values = keys[last], values[last]
        if not len(self._keys):
            self._keys, self._values = keys, values
            return
        if len(keys) > len(self._keys) // 8:  # a large batch: one sort of everything
            both = np.concatenate([self._keys, keys])
            vals = np.concatenate([self._values, values])
            order = np.argsort(both, kind="stable")
            both, vals = both[order], vals[order]
            last = np.append(both[1:] != both[:-1], True)
            self._keys, self._values = both[last], vals[last]
            return
        at = np.searchsorted(self._keys, keys)
        found = at < len(self._keys)
        found[found] = self._keys[at[found]] == keys[found]
        self._values = self._values.copy() if not self._values.flags.writeable else self._values
        self._values[at[found]] = values[found]
        new = ~found
        self._keys = np.insert(self._keys, at[new], keys[new])
        self._values = np.insert(self._values, at[new], values[new])


def _renumber(rows: IntArray) -> tuple[IntArray, IntArray]:
    """For sorted `rows`: the distinct values, and each entry's index among them (no sort needed)."""
    if not len(rows):
        return rows, rows
    starts = np.append(True, rows[1:] != rows[:-1])
    return rows[starts], np.cumsum(starts) - 1
