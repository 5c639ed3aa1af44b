"""Writing Pol.is open-data exports, in the layout Pol.is itself writes (see `multitrack.sources.polis`).

Written as Pol.is writes them: UTF-8 without a byte-order mark, `\\n` line ends, cells quoted only when
they hold a comma, a quote or a line break; comments and votes in the export's order; timestamps as
milliseconds since 1970 and the `datetime` column as Java prints a date (`Wed Jun 18 11:53:44 WIB 2014`),
in the zone asked for (UTC unless told). participants-votes.csv has one column per comment id, ascending,
and its counts (`n-comments`, `n-votes`, `n-agree`, `n-disagree`) computed from the export, as Pol.is
computes them. Writing a real export read with `read_export` gives back the same bytes, given its zone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from .polis_read import (
    COMMENT_COLUMNS,
    COMMENTS,
    PARTICIPANT_COLUMNS,
    PARTICIPANTS,
    SUMMARY,
    VOTE_COLUMNS,
    VOTES,
)
from .polis_types import EPOCH, PolisComment, PolisError, PolisExport, PolisParticipant, PolisVote

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CODES = (1, 0, -1)  # of votes and of moderation


def write_export(directory: Path, export: PolisExport, zone: tzinfo = UTC) -> list[Path]:
    """Write comments.csv, votes.csv, participants-votes.csv and summary.csv into `directory` (made if
    need be, files replaced); the paths written. `zone` is the one the `datetime` column is written in
    (Pol.is uses its server's; the real exports here use WIB, UTC+7). With no participants, those of the
    latest votes are written, without a group.

    Raises PolisError, before writing anything, if the export could not be read back: a comment id used
    twice, a vote or moderation code that Pol.is does not use, a vote on a comment not in the export.
    """
    _check(export)
    participants = export.participants or _participants_of(export)
    texts = {
        COMMENTS: _csv([COMMENT_COLUMNS, *(_comment_row(c, zone) for c in export.comments)]),
        VOTES: _csv([VOTE_COLUMNS, *(_vote_row(v, zone) for v in export.votes)]),
        PARTICIPANTS: _participants_csv(export, participants),
        SUMMARY: _csv(export.summary.items()),
    }
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts.items():
        path = directory / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths


def _check(export: PolisExport) -> None:
    problems = []
    ids = [c.id for c in export.comments]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        problems.append(f"comment ids used more than once: {', '.join(map(str, repeated))}")
    for c in export.comments:
        if c.moderated not in CODES:
            problems.append(f"comment {c.id}: moderated is {c.moderated}; expected 1, 0 or -1")
    known = set(ids)
    for number, v in enumerate(export.votes, start=1):
        if v.value not in CODES:
            problems.append(f"vote {number} (voter {v.voter}): {v.value} is not a vote; expected 1, -1 or 0")
        if v.comment not in known:
            problems.append(f"vote {number} (voter {v.voter}): no comment {v.comment} in the export")
    for p in export.participants:
        unknown = sorted(set(p.votes) - known)
        if unknown:
            problems.append(f"participant {p.id}: votes on no comment of the export: {unknown}")
        if any(value not in CODES for value in p.votes.values()):
            problems.append(f"participant {p.id}: a vote that is not 1, -1 or 0")
    if problems:
        raise PolisError([f"cannot write the Pol.is export: {p}" for p in problems[:20]])


def _participants_of(export: PolisExport) -> tuple[PolisParticipant, ...]:
    votes: dict[int, dict[int, int]] = {}
    for v in export.latest_votes():
        votes.setdefault(v.voter, {})[v.comment] = v.value
    return tuple(PolisParticipant(voter, None, votes[voter]) for voter in sorted(votes))


def _participants_csv(export: PolisExport, participants: Iterable[PolisParticipant]) -> str:
    comment_ids = sorted(c.id for c in export.comments)
    authored: dict[int, int] = {}
    for c in export.comments:
        if c.author is not None:
            authored[c.author] = authored.get(c.author, 0) + 1
    rows: list[list[object]] = [[*PARTICIPANT_COLUMNS, *comment_ids]]
    for p in participants:
        values = list(p.votes.values())
        counts = [authored.get(p.id, 0), len(values), values.count(1), values.count(-1)]
        cells = [p.votes.get(c, "") for c in comment_ids]
        rows.append([p.id, _blank(p.group), *counts, *cells])
    return _csv(rows)


def _comment_row(c: PolisComment, zone: tzinfo) -> list[object]:
    cells = [c.id, _blank(c.author), c.agrees, c.disagrees, c.moderated, c.body]
    return [*_time_cells(c.created, zone), *cells]


def _vote_row(v: PolisVote, zone: tzinfo) -> list[object]:
    return [*_time_cells(v.at, zone), v.comment, v.voter, v.value]


def _time_cells(at: datetime | None, zone: tzinfo) -> list[object]:
    """The `timestamp` and `datetime` cells; a naive `at` is taken to be in UTC."""
    if at is None:
        return ["", ""]
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    local = at.astimezone(zone)
    name = local.tzname() or "UTC"
    day, month = DAYS[local.weekday()], MONTHS[local.month - 1]
    shown = f"{day} {month} {local.day:02d} {local:%H:%M:%S} {name} {local.year}"
    return [(at - EPOCH) // timedelta(milliseconds=1), shown]


def _blank(value: int | None) -> object:
    return "" if value is None else value


def _csv(rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
