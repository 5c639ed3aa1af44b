"""Pol.is open-data exports: the statements of a consultation, its participants' votes and their groups.

An export is a directory of CSV files, as Pol.is publishes them (compdemocracy/openData on GitHub):

- `comments.csv` — `timestamp, datetime, comment-id, author-id, agrees, disagrees, moderated,
  comment-body`; `moderated` is 1 (accepted), 0 (unmoderated) or -1 (rejected).
- `votes.csv` — `timestamp, datetime, comment-id, voter-id, vote`; a vote is 1 (agree), -1 (disagree) or
  0 (pass). A voter may vote on a comment more than once: the latest vote counts.
- `participants-votes.csv` (optional) — `participant, group-id, n-comments, n-votes, n-agree,
  n-disagree`, then one column per comment id with the participant's vote (empty: not voted);
  `group-id` is the opinion group Pol.is assigned, empty for those it did not cluster.
- `summary.csv` (optional) — `key,value` lines without a header: topic, url, views, voters, commenters,
  comments, groups, conversation-description …

The data are in `polis_types`, reading in `polis_read` (with the quirks of real exports), writing in
`polis_write`; this module is the entry point. Nothing here imports Django.
"""

from __future__ import annotations

from .polis_read import (
    read_comments,
    read_export,
    read_files,
    read_participants,
    read_summary,
    read_votes,
)
from .polis_types import PolisComment, PolisError, PolisExport, PolisParticipant, PolisVote
from .polis_write import write_export

__all__ = [
    "PolisComment",
    "PolisError",
    "PolisExport",
    "PolisParticipant",
    "PolisVote",
    "read_comments",
    "read_export",
    "read_files",
    "read_participants",
    "read_summary",
    "read_votes",
    "write_export",
]
