"""Reading Pol.is open-data exports: what a consultation's participants said and how they voted.

An export is a directory with `comments.csv` and `votes.csv` (required), `participants-votes.csv` and
`summary.csv` (optional); `multitrack.sources.polis` describes the layout. What real exports contain, and
this reader accepts:

- UTF-8 with or without a byte-order mark, `\\n` line ends; comment bodies quoted when they hold commas,
  quotes or line breaks, and kept exactly as written (many end with a line break or a space).
- `timestamp` is milliseconds since 1970 (UTC) and is what is read; `datetime` repeats it as Java prints
  a date in the exporting server's zone (`Wed Jun 18 11:53:44 WIB 2014`, WIB being UTC+7) and is ignored.
- votes.csv has repeated votes of a voter on a comment, not always with the same value; it is sorted by
  comment, not by time. comments.csv's `agrees`/`disagrees` count every vote row, repeats included.
- participants-votes.csv lists participants in Pol.is's own order (not by id); `group-id` is blank for
  the participants Pol.is did not cluster.
- summary.csv has no header; its keys include `voters-in-conv` and `conversation-description`.

Row numbers are those a spreadsheet shows: the header is row 1, and a body over several lines is one row.
A problem with a file as a whole (missing, not UTF-8, not CSV, a missing column) stops its reading; problems
with rows are collected over every file, so that they can all be fixed in one pass. Messages name the
file, row and field, never a comment's text (it may name a person): a value with letters in it is not
repeated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from .polis_types import EPOCH, PolisComment, PolisError, PolisExport, PolisParticipant, PolisVote

COMMENTS, VOTES, PARTICIPANTS, SUMMARY = "comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"
COMMENT_COLUMNS = (
    "timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body",
)  # fmt: skip
VOTE_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
PARTICIPANT_COLUMNS = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
OPTIONAL_COLUMNS = {"datetime"}  # it only repeats `timestamp`
MAX_PROBLEMS = 20  # per file; the rest are counted

VOTES_EXPECTED = "expected 1 (agree), -1 (disagree) or 0 (pass)"
MODERATION_EXPECTED = "expected 1 (accepted), 0 (unmoderated) or -1 (rejected)"
WHOLE_EXPECTED = "expected a whole number, 0 or more"
TIMESTAMP_EXPECTED = "expected milliseconds since 1 January 1970 UTC, such as 1403054214196"


# --- reading whole exports ---------------------------------------------------------------------------


def read_export(directory: Path) -> PolisExport:
    """The export in `directory`. Raises PolisError listing every problem found; nothing is returned
    then. participants-votes.csv and summary.csv are read when present (else no participants, and an
    empty summary)."""
    directory = Path(directory)
    lead = "not a Pol.is export"
    expected = f"a Pol.is export has {COMMENTS} and {VOTES}"
    if not directory.is_dir():
        raise PolisError([f"{lead}: {directory} is not a directory; {expected}"])
    missing = [name for name in (COMMENTS, VOTES) if not (directory / name).is_file()]
    if missing:
        raise PolisError([f"{lead}: no {' and no '.join(missing)} in {directory}; {expected}"])
    optional = {name: directory / name for name in (PARTICIPANTS, SUMMARY)}
    return read_files(
        directory / COMMENTS,
        directory / VOTES,
        optional[PARTICIPANTS] if optional[PARTICIPANTS].exists() else None,
        optional[SUMMARY] if optional[SUMMARY].exists() else None,
        source=directory,
    )


def read_files(
    comments: Path,
    votes: Path,
    participants: Path | None = None,
    summary: Path | None = None,
    source: Path | None = None,
) -> PolisExport:
    """An export from files given one by one (`source` defaults to the votes file). Every vote and every
    participant's vote must be on a comment of `comments`. Raises PolisError listing every problem."""
    problems: list[str] = []
    comment_rows = _attempt(read_comments, problems)(Path(comments))
    known = None if comment_rows is None else {c.id for c in comment_rows}
    vote_rows = _attempt(_read_votes, problems)(Path(votes), known, Path(comments).name)
    participant_rows: tuple[PolisParticipant, ...] | None = ()
    if participants is not None:
        participant_rows = _attempt(_read_participants, problems)(
            Path(participants), known, Path(comments).name
        )
    summary_rows: dict[str, str] | None = {}
    if summary is not None:
        summary_rows = _attempt(read_summary, problems)(Path(summary))
    if problems:
        raise PolisError(problems)
    assert comment_rows is not None and vote_rows is not None
    assert participant_rows is not None and summary_rows is not None
    return PolisExport(comment_rows, vote_rows, participant_rows, summary_rows, Path(source or votes))


T = TypeVar("T")


def _attempt(read: Callable[..., T], problems: list[str]) -> Callable[..., T | None]:
    """`read`, with its PolisError added to `problems` (and None returned) instead of raised."""

    def attempt(*args: object) -> T | None:
        try:
            return read(*args)
        except PolisError as exc:
            problems.extend(exc.problems)
            return None

    return attempt


# --- one file at a time ------------------------------------------------------------------------------


def read_comments(path: Path) -> tuple[PolisComment, ...]:
    """The comments of a comments.csv, in file order. Raises PolisError listing every problem."""
    path = Path(path)
    rows, found = _table(path, COMMENTS, COMMENT_COLUMNS)
    comments: list[PolisComment] = []
    first_row: dict[int, int] = {}
    for number, cells in rows:
        problems = len(found.lines)
        created = found.timestamp(number, cells["timestamp"])
        comment = found.whole(number, "comment-id", cells["comment-id"], "a comment id")
        if comment is not None and comment in first_row:
            found.add(number, "comment-id", f"comment {comment} is already on row {first_row[comment]}")
        author = found.whole(number, "author-id", cells["author-id"], "a participant id", blank=True)
        agrees = found.whole(number, "agrees", cells["agrees"], "a count")
        disagrees = found.whole(number, "disagrees", cells["disagrees"], "a count")
        moderated = found.code(
            number, "moderated", cells["moderated"], "a moderation status", MODERATION_EXPECTED
        )
        if comment is not None:
            first_row.setdefault(comment, number)
        if len(found.lines) == problems:
            assert comment is not None and agrees is not None and disagrees is not None
            assert moderated is not None
            comments.append(
                PolisComment(comment, author, cells["comment-body"], moderated, created, agrees, disagrees)
            )
    found.raise_any()
    return tuple(comments)


def read_votes(path: Path) -> tuple[PolisVote, ...]:
    """The votes of a votes.csv, in file order, repeats included (see PolisExport.latest_votes). Raises
    PolisError listing every problem."""
    return _read_votes(Path(path), None, COMMENTS)


def _read_votes(path: Path, known: Collection[int] | None, comments_name: str) -> tuple[PolisVote, ...]:
    rows, found = _table(path, VOTES, VOTE_COLUMNS)
    votes: list[PolisVote] = []
    for number, cells in rows:
        problems = len(found.lines)
        at = found.timestamp(number, cells["timestamp"])
        comment = found.whole(number, "comment-id", cells["comment-id"], "a comment id")
        if comment is not None and known is not None and comment not in known:
            found.add(number, "comment-id", f"no comment {comment} in {comments_name}")
        voter = found.whole(number, "voter-id", cells["voter-id"], "a participant id")
        value = found.code(number, "vote", cells["vote"], "a vote", VOTES_EXPECTED)
        if len(found.lines) == problems:
            assert comment is not None and voter is not None and value is not None
            votes.append(PolisVote(voter, comment, value, at))
    found.raise_any()
    return tuple(votes)


def read_participants(path: Path) -> tuple[PolisParticipant, ...]:
    """The rows of a participants-votes.csv, in file order. Raises PolisError listing every problem."""
    return _read_participants(Path(path), None, COMMENTS)


def _read_participants(
    path: Path, known: Collection[int] | None, comments_name: str
) -> tuple[PolisParticipant, ...]:
    records = _records(path)
    if not records or not any(c.strip() for c in records[0]):
        raise PolisError(
            [f"{path}: the file is empty; {_columns_expected(PARTICIPANTS, PARTICIPANT_COLUMNS)}"]
        )
    header = [c.strip().lower() for c in records[0]]
    _check_header(path, header, PARTICIPANTS, PARTICIPANT_COLUMNS, allow=_is_whole)
    comment_columns = {i: int(name) for i, name in enumerate(header) if _is_whole(name)}
    unknown = [str(c) for c in comment_columns.values() if known is not None and c not in known]
    if unknown:
        message = f"no comment {', '.join(unknown)} in {comments_name}"
        raise PolisError([f"{path}: {message}; each column after n-disagree is the id of a comment"])
    found = _Problems(path)
    participants: list[PolisParticipant] = []
    first_row: dict[int, int] = {}
    for number, cells in _rows(records, header, found):
        problems = len(found.lines)
        participant = found.whole(number, "participant", cells["participant"], "a participant id")
        if participant is not None and participant in first_row:
            found.add(
                number, "participant", f"participant {participant} is already on row {first_row[participant]}"
            )
        group = found.whole(number, "group-id", cells["group-id"], "a group id", blank=True)
        for name in PARTICIPANT_COLUMNS[2:]:
            found.whole(number, name, cells[name], "a count", blank=True)
        votes: dict[int, int] = {}
        for i, comment in comment_columns.items():
            text = cells[header[i]]
            if text:
                value = found.code(number, header[i], text, "a vote", VOTES_EXPECTED + ", or empty")
                if value is not None:
                    votes[comment] = value
        if participant is not None:
            first_row.setdefault(participant, number)
        if len(found.lines) == problems:
            assert participant is not None
            participants.append(PolisParticipant(participant, group, votes))
    found.raise_any()
    return tuple(participants)


def read_summary(path: Path) -> dict[str, str]:
    """The key,value lines of a summary.csv, in file order; values as written. Raises PolisError."""
    path = Path(path)
    found = _Problems(path)
    summary: dict[str, str] = {}
    first_row: dict[str, int] = {}
    for number, record in enumerate(_records(path), start=1):
        if not any(c.strip() for c in record):
            continue
        key = record[0].strip()
        if len(record) > 2 and any(c.strip() for c in record[2:]):
            found.add(number, "", f"{len(record)} cells; expected a key and a value")
        elif not key:
            found.add(number, "key", "empty; expected a key such as topic or url")
        elif key in first_row:
            found.add(number, "key", f"{_shown(key)} is already on row {first_row[key]}")
        else:
            first_row[key] = number
            summary[key] = record[1] if len(record) > 1 else ""
    found.raise_any()
    return summary


# --- files, headers and cells ------------------------------------------------------------------------


def _records(path: Path) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PolisError([f"{path}: no such file"]) from None
    except OSError as exc:
        raise PolisError([f"{path}: cannot read the file: {exc.strerror}"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text (line {line} has a byte that is not UTF-8)"
        raise PolisError([f"{path}: {message}; save the file as UTF-8 and read it again"]) from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:  # its messages never quote the data
        raise PolisError([f"{path}: not valid CSV: {exc}"]) from None


def _table(
    path: Path, name: str, columns: tuple[str, ...]
) -> tuple[list[tuple[int, dict[str, str]]], _Problems]:
    """The data rows of a file with a header as (row number, {column: cell}), and its problems so far.
    Cells are stripped, but for comment-body."""
    records = _records(path)
    if not records or not any(c.strip() for c in records[0]):
        raise PolisError([f"{path}: the file is empty; {_columns_expected(name, columns)}"])
    header = [c.strip().lower() for c in records[0]]
    _check_header(path, header, name, columns, allow=lambda _: True)
    found = _Problems(path)
    rows = [
        (number, {c: v if c == "comment-body" else v.strip() for c, v in cells.items()})
        for number, cells in _rows(records, header, found)
    ]
    return rows, found


def _rows(records: list[list[str]], header: list[str], found: _Problems) -> list[tuple[int, dict[str, str]]]:
    """The records after the header as {column: cell}; a blank record is skipped, a record with more
    cells than the header is a problem, one with fewer is padded with empty cells."""
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(c.strip() for c in record):
            continue
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            found.add(number, "", f"{len(record)} cells, but the header has {len(header)} columns")
            continue
        record = record + [""] * (len(header) - len(record))
        rows.append((number, dict(zip(header, record, strict=False))))
    return rows


def _check_header(
    path: Path, header: list[str], name: str, columns: tuple[str, ...], allow: Callable[[str], bool]
) -> None:
    """Raise PolisError if a column of `columns` (but datetime) is missing or any column is repeated,
    or a column is neither in `columns` nor `allow`ed; other columns are ignored."""
    missing = [c for c in columns if c not in header and c not in OPTIONAL_COLUMNS]
    named = [c for c in header if c in columns or _is_whole(c)]  # others may be data, not to be repeated
    repeated = sorted({c for c in named if header.count(c) > 1}, key=header.index)
    problems = []
    if missing:
        problems.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if repeated:
        problems.append(f"repeated column{'s' if len(repeated) > 1 else ''} {', '.join(repeated)}")
    problems += [
        f"column {i} ({_shown(c)}) is not a comment id"
        for i, c in enumerate(header, start=1)
        if c not in columns and not allow(c)
    ]
    if problems:
        raise PolisError([f"{path}: {'; '.join(problems)}; {_columns_expected(name, columns)}"])


def _columns_expected(name: str, columns: tuple[str, ...]) -> str:
    more = ", then one column per comment id" if name == PARTICIPANTS else ""
    return f"the columns of a Pol.is {name} are: {', '.join(columns)}{more}"


def _is_whole(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _shown(value: str) -> str:
    """`value` quoted, unless it has letters: then it may be a piece of a comment, not to be repeated."""
    return "a text" if any(c.isalpha() for c in value) or len(value) > 20 else repr(value)


def _is_not(text: str, what: str) -> str:
    return f"{_shown(text)} is not {what}" if text else "empty"


class _Problems:
    """The row-level problems of one file, one line each: `NAME, row N, field F: what; expected …`."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.lines: list[tuple[int, str]] = []

    def add(self, row: int, column: str, message: str) -> None:
        where = f"{self.name}, row {row}" + (f", field {column}" if column else "")
        self.lines.append((row, f"{where}: {message}"))

    def raise_any(self) -> None:
        """Raise PolisError with the problems by row (a row's in the order of its columns), if any."""
        lines = [line for _, line in sorted(self.lines, key=lambda found: found[0])]
        if len(lines) > MAX_PROBLEMS:
            more = len(lines) - MAX_PROBLEMS
            raise PolisError([*lines[:MAX_PROBLEMS], f"{self.name}: and {more} more problems"])
        if lines:
            raise PolisError(lines)

    def whole(self, row: int, column: str, text: str, what: str, blank: bool = False) -> int | None:
        """A whole number ≥ 0; None for an empty cell if `blank`, else a problem."""
        if _is_whole(text):
            return int(text)
        if text or not blank:
            self.add(row, column, f"{_is_not(text, what)}; {WHOLE_EXPECTED}")
        return None

    def code(self, row: int, column: str, text: str, what: str, expected: str) -> int | None:
        if text in ("1", "-1", "0"):
            return int(text)
        self.add(row, column, f"{_is_not(text, what)}; {expected}")
        return None

    def timestamp(self, row: int, text: str) -> datetime | None:
        """The time in the cell, in UTC; None for an empty one."""
        if _is_whole(text):
            return EPOCH + timedelta(milliseconds=int(text))
        if text:
            self.add(row, "timestamp", f"{_shown(text)} is not a timestamp; {TIMESTAMP_EXPECTED}")
        return None
