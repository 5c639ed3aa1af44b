"""What a Pol.is open-data export holds, as plain data: its comments, votes, participants and summary
(read by `polis_read`, written by `polis_write`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class PolisError(ValueError):
    """A Pol.is export that cannot be read or written as it is; `problems` lists why, one line each."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class PolisComment:
    """A statement put to the participants. `moderated`: 1 accepted, 0 unmoderated, -1 rejected;
    `agrees`/`disagrees` as Pol.is counted them (every vote row, a repeated vote counted again)."""

    id: int
    author: int | None
    body: str
    moderated: int
    created: datetime | None
    agrees: int = 0
    disagrees: int = 0


@dataclass(frozen=True)
class PolisVote:
    """One vote as cast: `value` 1 agree, -1 disagree, 0 pass; `at` in UTC, None when not given."""

    voter: int
    comment: int
    value: int
    at: datetime | None


@dataclass(frozen=True)
class PolisParticipant:
    """A row of participants-votes.csv: the opinion group Pol.is assigned, and {comment id: vote}."""

    id: int
    group: int | None
    votes: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PolisExport:
    """A whole export; `votes` in file order, repeats included. `source` is not compared."""

    comments: tuple[PolisComment, ...]
    votes: tuple[PolisVote, ...]
    participants: tuple[PolisParticipant, ...]
    summary: dict[str, str]
    source: Path = field(compare=False)

    @property
    def topic(self) -> str:
        return self.summary.get("topic", "")

    @property
    def voters(self) -> list[int]:
        """The ids of the participants who voted, ascending."""
        return sorted({v.voter for v in self.votes})

    def latest_votes(self) -> list[PolisVote]:
        """The vote that counts for each voter and comment, in chronological order: the latest by `at`;
        of two at the same time, the later row; a vote without a time counts as older than any other."""
        latest: dict[tuple[int, int], PolisVote] = {}
        for vote in sorted(self.votes, key=_when):  # stable: ties stay in file order
            latest.pop((vote.voter, vote.comment), None)
            latest[(vote.voter, vote.comment)] = vote
        return list(latest.values())


def _when(vote: PolisVote) -> tuple[bool, datetime]:
    return (vote.at is not None, vote.at or EPOCH)
