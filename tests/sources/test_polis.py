"""Pol.is open-data exports: the two real conversations in tests/data/polis, hand-made files with the
cases they lack, and every error message."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from multitrack.sources.polis import (
    PolisComment,
    PolisError,
    PolisExport,
    PolisParticipant,
    PolisVote,
    read_comments,
    read_export,
    read_files,
    read_votes,
    write_export,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "polis"
SEATTLE, BREXIT = DATA / "15-per-hour-seattle", DATA / "brexit-consensus"
WIB = timezone(timedelta(hours=7), "WIB")  # the zone of the `datetime` column in the real exports
FILES = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")
VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"
COMMENTS_HEADER = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
EXPECTED_VOTE = "expected 1 (agree), -1 (disagree) or 0 (pass)"
WHOLE = "expected a whole number, 0 or more"
NAME = "Amina Haddad"  # a person named in a comment's body: never to appear in a message


@pytest.fixture(scope="module")
def seattle() -> PolisExport:
    return read_export(SEATTLE)


@pytest.fixture(scope="module")
def brexit() -> PolisExport:
    return read_export(BREXIT)


def raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def export_dir(tmp_path: Path, votes: str, comments: str | None = None, **others: str) -> Path:
    """A directory with votes.csv (after its header), comments.csv (comments 0 to 2 unless given) and
    any other file given by name (`participants_votes=` for participants-votes.csv)."""
    if comments is None:
        comments = "".join(f"{1000 + i},,{i},0,0,0,1,Statement {i}\n" for i in range(3))
    (tmp_path / "votes.csv").write_text(VOTES_HEADER + votes, encoding="utf-8")
    (tmp_path / "comments.csv").write_text(COMMENTS_HEADER + comments, encoding="utf-8")
    for name, text in others.items():
        (tmp_path / f"{name.replace('_', '-')}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def error(directory: Path) -> str:
    with pytest.raises(PolisError) as info:
        read_export(directory)
    return str(info.value)


def at(ms: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)


# --- the real exports --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "comments", "rows", "latest", "voters", "groups", "commenters"),
    [
        (SEATTLE, 54, 2995, 2872, 339, {0: 99, 1: 39, None: 201}, 33),
        (BREXIT, 50, 5312, 5303, 204, {0: 106, 1: 91, None: 7}, 11),
    ],
)
def test_counts_of_the_real_exports(folder, comments, rows, latest, voters, groups, commenters):
    export = read_export(folder)
    assert export.source == folder
    assert len(export.comments) == comments
    assert sorted(c.id for c in export.comments) == list(range(comments))
    assert len(export.votes) == rows
    assert len(export.latest_votes()) == latest
    # "Participants who voted" (the README's table, summary.csv's voters and voters-in-conv) are the
    # distinct voter ids of votes.csv, and exactly the rows of participants-votes.csv: none has no vote.
    assert len(export.voters) == voters
    assert sorted(p.id for p in export.participants) == export.voters
    assert all(p.votes for p in export.participants)
    assert Counter(p.group for p in export.participants) == groups
    assert len({c.author for c in export.comments}) == commenters
    summary = export.summary
    assert summary["voters"] == summary["voters-in-conv"] == str(voters)
    assert summary["comments"] == str(comments)
    assert summary["commenters"] == str(commenters)
    assert summary["groups"] == str(len({g for g in groups if g is not None})) == "2"


def test_summaries_as_published(seattle: PolisExport, brexit: PolisExport):
    assert list(seattle.summary) == [
        "topic", "url", "views", "voters", "voters-in-conv", "commenters", "comments", "groups",
        "conversation-description",
    ]  # fmt: skip
    assert (seattle.topic, seattle.summary["url"], seattle.summary["views"]) == (
        "$15/hour",
        "https://pol.is/2demo",
        "6184",
    )
    assert seattle.summary["conversation-description"].startswith("How do you think the new minimum wage")
    assert brexit.topic == "Can there be consensus on Brexit?"
    assert brexit.summary["views"] == "204"
    assert brexit.summary["conversation-description"].endswith("a good tool to use.")  # quoted: has commas


def test_moderation_and_bodies_of_the_real_comments(seattle: PolisExport, brexit: PolisExport):
    assert Counter(c.moderated for c in seattle.comments) == {1: 30, -1: 23, 0: 1}
    assert Counter(c.moderated for c in brexit.comments) == {1: 50}
    by_id = {c.id: c for c in seattle.comments}
    # bodies kept exactly: 15 of Seattle's end with a line break, some with typographic quotes
    assert sum(c.body.endswith("\n") for c in seattle.comments) == 15
    assert by_id[5].body == "This will lead to robots. \n"
    assert "“anti corporate greed”" in by_id[4].body
    assert any('"The EU"' in c.body for c in brexit.comments)  # doubled quotes in the file
    # the only comment of 2018, by the participant who joined last; the file is not in id order
    assert seattle.comments[0].id == 53 and by_id[53].author == 6172
    assert by_id[53].created == at(1542406176584) == datetime(2018, 11, 16, 22, 9, 36, 584000, tzinfo=UTC)


def test_real_votes_are_repeated_and_the_latest_counts(seattle: PolisExport, brexit: PolisExport):
    for export, pairs, extra_rows, changed in ((seattle, 63, 123, 7), (brexit, 9, 9, 1)):
        counts = Counter((v.voter, v.comment) for v in export.votes)
        repeated = {k for k, n in counts.items() if n > 1}
        values: dict[tuple[int, int], set[int]] = {}
        for v in export.votes:
            values.setdefault((v.voter, v.comment), set()).add(v.value)
        assert len(repeated) == pairs
        assert sum(counts[k] - 1 for k in repeated) == extra_rows
        assert sum(len(values[k]) > 1 for k in repeated) == changed
    assert max(Counter((v.voter, v.comment) for v in seattle.votes).values()) == 10
    assert [v.value for v in brexit.votes if (v.voter, v.comment) == (101, 22)] == [1, -1]
    latest = {(v.voter, v.comment): v.value for v in brexit.latest_votes()}
    assert latest[(101, 22)] == -1
    latest = {(v.voter, v.comment): v.value for v in seattle.latest_votes()}
    assert [v.value for v in seattle.votes if (v.voter, v.comment) == (229, 0)] == [-1, -1, 1, 1]
    assert (latest[(229, 0)], latest[(58, 25)]) == (1, 0)
    # votes.csv is sorted by comment, not by time; latest_votes() is chronological
    assert [v.comment for v in seattle.votes] == sorted(v.comment for v in seattle.votes)
    times = [v.at for v in seattle.latest_votes()]
    assert times == sorted(times) and times[-1] == datetime(2019, 2, 13, 11, 29, 23, 699000, tzinfo=UTC)


@pytest.mark.parametrize("folder", [SEATTLE, BREXIT])
def test_participants_votes_agree_with_votes(folder: Path):
    """participants-votes.csv is the latest vote of each voter on each comment, and its counts match:
    no discrepancy in either export."""
    export = read_export(folder)
    latest: dict[int, dict[int, int]] = {}
    for v in export.latest_votes():
        latest.setdefault(v.voter, {})[v.comment] = v.value
    assert {p.id: p.votes for p in export.participants} == latest
    authored = Counter(c.author for c in export.comments)
    for row in raw_rows(folder / "participants-votes.csv"):
        votes = latest[int(row["participant"])]
        assert int(row["n-votes"]) == len(votes)
        assert int(row["n-agree"]) == list(votes.values()).count(1)
        assert int(row["n-disagree"]) == list(votes.values()).count(-1)
        assert int(row["n-comments"]) == authored[int(row["participant"])]


@pytest.mark.parametrize(("folder", "differ"), [(SEATTLE, 21), (BREXIT, 8)])
def test_agrees_and_disagrees_of_comments_count_every_vote_row(folder: Path, differ: int):
    """The one discrepancy in the real data: comments.csv's counts include repeated votes, so for some
    comments they are not the counts of the latest votes."""
    export = read_export(folder)
    rows = Counter((v.comment, v.value) for v in export.votes)
    latest = Counter((v.comment, v.value) for v in export.latest_votes())
    assert all((c.agrees, c.disagrees) == (rows[(c.id, 1)], rows[(c.id, -1)]) for c in export.comments)
    assert (
        sum((c.agrees, c.disagrees) != (latest[(c.id, 1)], latest[(c.id, -1)]) for c in export.comments)
        == differ
    )


@pytest.mark.parametrize("folder", [SEATTLE, BREXIT])
def test_real_exports_written_back_are_the_same_bytes(folder: Path, tmp_path: Path):
    export = read_export(folder)
    paths = write_export(tmp_path, export, zone=WIB)
    assert paths == [tmp_path / name for name in FILES]
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name
    assert read_export(tmp_path) == export


@pytest.mark.parametrize("folder", [SEATTLE, BREXIT])
def test_real_exports_round_trip_in_utc(folder: Path, tmp_path: Path):
    export = read_export(folder)
    write_export(tmp_path, export)
    again = read_export(tmp_path)
    assert again.comments == export.comments
    assert again.latest_votes() == export.latest_votes()
    assert [(p.id, p.group, p.votes) for p in again.participants] == [
        (p.id, p.group, p.votes) for p in export.participants
    ]
    assert again.summary == export.summary
    assert again == export and again.source == tmp_path


def test_the_datetime_column(tmp_path: Path, seattle: PolisExport):
    write_export(tmp_path, seattle)
    first = raw_rows(tmp_path / "votes.csv")[0]
    assert (first["timestamp"], first["datetime"]) == ("1403054214196", "Wed Jun 18 01:16:54 UTC 2014")
    assert raw_rows(SEATTLE / "votes.csv")[0]["datetime"] == "Wed Jun 18 08:16:54 WIB 2014"
    comment = raw_rows(tmp_path / "comments.csv")[0]
    assert (comment["comment-id"], comment["datetime"]) == ("53", "Fri Nov 16 22:09:36 UTC 2018")


# --- hand-made files ---------------------------------------------------------------------------------


def test_the_latest_vote_by_time_then_by_row(tmp_path: Path):
    votes = (
        "1000,,0,7,1\n"
        "3000,,0,7,-1\n"
        "2000,,0,7,0\n"  # earlier than the row before: the disagree of 3000 counts
        "5000,,1,7,1\n"
        "5000,,1,7,0\n"  # the same time: the later row counts
        "4000,,2,8,1\n"
        "500,,1,8,-1\n"
    )
    export = read_export(export_dir(tmp_path, votes))
    assert export.participants == () and export.summary == {} and export.topic == ""
    assert export.voters == [7, 8]
    assert export.latest_votes() == [
        PolisVote(8, 1, -1, at(500)),
        PolisVote(7, 0, -1, at(3000)),
        PolisVote(8, 2, 1, at(4000)),
        PolisVote(7, 1, 0, at(5000)),
    ]


def test_votes_without_a_time_count_as_the_oldest(tmp_path: Path):
    votes = "2000,,0,7,1\n,,0,7,-1\n,,1,7,-1\n,,1,7,0\n"
    export = read_export(export_dir(tmp_path, votes))
    assert export.votes[1] == PolisVote(7, 0, -1, None)
    assert export.latest_votes() == [PolisVote(7, 1, 0, None), PolisVote(7, 0, 1, at(2000))]


BODIES = [
    'She said "no, never", and left.',
    "Two lines,\nthen a third\r\nand a comma,",
    "مرحبا، نريد السلام في المدينة",
    "Élise préfère qu'on négocie à Genève, même l'été.",
    "  spaces kept  ",
    "",
]


def hand_made(tmp_path: Path) -> PolisExport:
    comments = tuple(
        PolisComment(
            i, i if i % 2 else None, body, (1, 0, -1)[i % 3], at(1_700_000_000_000 + i), 3 - i % 3, i
        )
        for i, body in enumerate(BODIES)
    )
    comments = (*comments, PolisComment(9, 4, "no time", 1, None, 0, 0))
    votes = (
        PolisVote(1, 0, 1, at(1_700_000_100_000)),
        PolisVote(1, 0, -1, at(1_700_000_200_000)),
        PolisVote(4, 2, 0, at(1_700_000_050_000)),
        PolisVote(4, 9, 1, None),
    )
    participants = (
        PolisParticipant(4, 1, {2: 0, 9: 1}),
        PolisParticipant(1, None, {0: -1}),
        PolisParticipant(6, 0, {}),  # a participant with no vote
    )
    summary = {"topic": "Paix, à Genève", "description": 'Say "why"\nin two lines', "empty": ""}
    return PolisExport(comments, votes, participants, summary, tmp_path)


def test_a_hand_made_export_round_trips(tmp_path: Path):
    export = hand_made(tmp_path)
    write_export(tmp_path / "out", export)
    again = read_export(tmp_path / "out")
    assert again == export
    assert [c.body for c in again.comments][: len(BODIES)] == BODIES
    assert again.participants[2] == PolisParticipant(6, 0, {})
    assert again.topic == "Paix, à Genève"
    rows = (tmp_path / "out" / "participants-votes.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2,3,4,5,9"
    assert rows[1:] == ["4,1,1,2,1,0,,,0,,,,1", "1,,1,1,0,1,-1,,,,,,", "6,0,0,0,0,0,,,,,,,"]
    assert (tmp_path / "out" / "comments.csv").read_bytes().startswith(COMMENTS_HEADER.encode())


def test_writing_without_participants_writes_those_of_the_latest_votes(tmp_path: Path):
    export = hand_made(tmp_path)
    bare = PolisExport(export.comments, export.votes, (), {}, tmp_path)
    write_export(tmp_path / "out", bare)
    again = read_export(tmp_path / "out")
    assert again.participants == (PolisParticipant(1, None, {0: -1}), PolisParticipant(4, None, {2: 0, 9: 1}))
    assert again.summary == {} and (tmp_path / "out" / "summary.csv").read_text() == ""


def test_byte_order_mark_and_crlf_are_read(tmp_path: Path):
    export_dir(tmp_path, "")
    text = VOTES_HEADER + "1000,x,2,5,-1\n"
    (tmp_path / "votes.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert read_votes(tmp_path / "votes.csv") == (PolisVote(5, 2, -1, at(1000)),)
    comments = COMMENTS_HEADER + '1000,,0,,0,0,1,"Deux lignes,\nà Genève"\n'
    (tmp_path / "comments.csv").write_bytes(b"\xef\xbb\xbf" + comments.replace("\n", "\r\n").encode())
    assert read_comments(tmp_path / "comments.csv")[0].body == "Deux lignes,\r\nà Genève"


def test_other_columns_and_a_missing_datetime_column_are_accepted(tmp_path: Path):
    (tmp_path / "votes.csv").write_text("Comment-ID,voter-id,vote,timestamp,is-meta\n1,2,0,,x\n")
    assert read_votes(tmp_path / "votes.csv") == (PolisVote(2, 1, 0, None),)


def test_read_files_takes_files_by_name(tmp_path: Path):
    export_dir(tmp_path, "1000,,1,5,1\n")
    (tmp_path / "votes.csv").rename(tmp_path / "my votes.csv")
    (tmp_path / "comments.csv").rename(tmp_path / "statements.csv")
    export = read_files(tmp_path / "statements.csv", tmp_path / "my votes.csv")
    assert export.votes == (PolisVote(5, 1, 1, at(1000)),) and export.source == tmp_path / "my votes.csv"
    (tmp_path / "my votes.csv").write_text(VOTES_HEADER + "1000,,4,5,1\n")
    with pytest.raises(PolisError) as info:
        read_files(tmp_path / "statements.csv", tmp_path / "my votes.csv")
    assert str(info.value) == "my votes.csv, row 2, field comment-id: no comment 4 in statements.csv"


# --- errors ------------------------------------------------------------------------------------------


def test_missing_files(tmp_path: Path):
    expected = "a Pol.is export has comments.csv and votes.csv"
    assert (
        error(tmp_path) == f"not a Pol.is export: no comments.csv and no votes.csv in {tmp_path}; {expected}"
    )
    (tmp_path / "comments.csv").write_text(COMMENTS_HEADER)
    assert error(tmp_path) == f"not a Pol.is export: no votes.csv in {tmp_path}; {expected}"
    assert error(tmp_path / "comments.csv") == (
        f"not a Pol.is export: {tmp_path / 'comments.csv'} is not a directory; {expected}"
    )
    with pytest.raises(PolisError) as info:
        read_votes(tmp_path / "votes.csv")
    assert str(info.value) == f"{tmp_path / 'votes.csv'}: no such file"


def test_missing_columns(tmp_path: Path):
    path = tmp_path / "votes.csv"
    columns = "the columns of a Pol.is votes.csv are: timestamp, datetime, comment-id, voter-id, vote"
    path.write_text("timestamp,datetime,comment-id,voter\n1000,,0,1\n")
    with pytest.raises(PolisError) as info:
        read_votes(path)
    assert str(info.value) == f"{path}: missing columns voter-id, vote; {columns}"
    path.write_text("timestamp,comment-id,voter-id,vote,vote\n")
    with pytest.raises(PolisError) as info:
        read_votes(path)
    assert str(info.value) == f"{path}: repeated column vote; {columns}"
    path.write_text("")
    with pytest.raises(PolisError) as info:
        read_votes(path)
    assert str(info.value) == f"{path}: the file is empty; {columns}"


def test_bad_cells_are_reported_together(tmp_path: Path):
    votes = (
        "1000,,0,1,1\n"
        "1000,,0,1,2\n"  # row 3
        "\n"
        "1000,,x,abc,\n"  # row 5
        "soon,,-1,1.5,+1\n"  # row 6
        "1000,,0,1,1,,\n"  # row 7: empty extra cells are allowed
        "1000,,0,1,1,5\n"  # row 8
        "1000,,7,2,-1\n"  # row 9
    )
    assert error(export_dir(tmp_path, votes)) == "\n".join(
        [
            f"votes.csv, row 3, field vote: '2' is not a vote; {EXPECTED_VOTE}",
            f"votes.csv, row 5, field comment-id: a text is not a comment id; {WHOLE}",
            f"votes.csv, row 5, field voter-id: a text is not a participant id; {WHOLE}",
            f"votes.csv, row 5, field vote: empty; {EXPECTED_VOTE}",
            "votes.csv, row 6, field timestamp: a text is not a timestamp; expected milliseconds since "
            "1 January 1970 UTC, such as 1403054214196",
            f"votes.csv, row 6, field comment-id: '-1' is not a comment id; {WHOLE}",
            f"votes.csv, row 6, field voter-id: '1.5' is not a participant id; {WHOLE}",
            f"votes.csv, row 6, field vote: '+1' is not a vote; {EXPECTED_VOTE}",
            "votes.csv, row 8: 6 cells, but the header has 5 columns",
            "votes.csv, row 9, field comment-id: no comment 7 in comments.csv",
        ]
    )


def test_problems_of_every_file_are_reported_together(tmp_path: Path):
    comments = "1000,,0,,1,1,1,fine\n1000,,0,,x,1,2,again\n1000,,1,-3,0,0,1,ok\n"
    participants = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n1,,0,1,1,0,1,2\n"
    directory = export_dir(tmp_path, "1000,,5,1,1\n", comments, participants_votes=participants)
    (tmp_path / "summary.csv").write_text("topic,x\ntopic,y\n,z\nviews,1,2\n")
    assert error(directory) == "\n".join(
        [
            "comments.csv, row 3, field comment-id: comment 0 is already on row 2",
            f"comments.csv, row 3, field agrees: a text is not a count; {WHOLE}",
            "comments.csv, row 3, field moderated: '2' is not a moderation status; expected 1 (accepted), "
            "0 (unmoderated) or -1 (rejected)",
            f"comments.csv, row 4, field author-id: '-3' is not a participant id; {WHOLE}",
            # comments.csv could not be read: its ids are unknown, so comment 5 is not reported
            f"participants-votes.csv, row 2, field 1: '2' is not a vote; {EXPECTED_VOTE}, or empty",
            "summary.csv, row 2, field key: a text is already on row 1",
            "summary.csv, row 3, field key: empty; expected a key such as topic or url",
            "summary.csv, row 4: 3 cells; expected a key and a value",
        ]
    )


def test_participants_columns_must_be_comments(tmp_path: Path):
    header = "participant,group-id,n-comments,n-votes,n-agree,n-disagree"
    expected = f"the columns of a Pol.is participants-votes.csv are: {header.replace(',', ', ')}"
    path = tmp_path / "participants-votes.csv"
    directory = export_dir(tmp_path, "", participants_votes=f"{header},0,2,7,9\n")
    assert error(directory) == (
        f"{path}: no comment 7, 9 in comments.csv; each column after n-disagree is the id of a comment"
    )
    path.write_text(f"{header},0,x1,-1\n")
    assert error(directory) == (
        f"{path}: column 8 (a text) is not a comment id; column 9 ('-1') is not a comment id; {expected}, "
        "then one column per comment id"
    )
    path.write_text("participant,n-votes,0\n")
    assert error(directory) == (
        f"{path}: missing columns group-id, n-comments, n-agree, n-disagree; {expected}, then one column per "
        "comment id"
    )


def test_at_most_twenty_problems_per_file(tmp_path: Path):
    votes = "".join(f"1000,,0,{i},9\n" for i in range(25))
    lines = error(export_dir(tmp_path, votes)).splitlines()
    assert len(lines) == 21
    assert lines[0] == f"votes.csv, row 2, field vote: '9' is not a vote; {EXPECTED_VOTE}"
    assert lines[19].startswith("votes.csv, row 21, ")
    assert lines[20] == "votes.csv: and 5 more problems"


def test_a_file_that_is_not_utf8(tmp_path: Path):
    directory = export_dir(tmp_path, "")
    (tmp_path / "comments.csv").write_bytes((COMMENTS_HEADER + "1000,,0,,0,0,1,Café\n").encode("cp1252"))
    assert error(directory) == (
        f"{tmp_path / 'comments.csv'}: not UTF-8 text (line 2 has a byte that is not UTF-8); save the file "
        "as UTF-8 and read it again"
    )


def test_a_file_that_is_not_csv(tmp_path: Path):
    directory = export_dir(tmp_path, "", "1000,,0,,0,0,1," + "x" * 200_000 + "\n")
    before = csv.field_size_limit(131072)  # the default; other readers may raise it for the process
    try:
        message = error(directory)
    finally:
        csv.field_size_limit(before)
    assert message == f"{tmp_path / 'comments.csv'}: not valid CSV: field larger than field limit (131072)"
    export_dir(tmp_path, "1000,,0,1,1\x00\n")
    assert error(directory) == f"votes.csv, row 2, field vote: '1\\x00' is not a vote; {EXPECTED_VOTE}"


def test_messages_never_contain_a_comment_body(tmp_path: Path):
    comments = (
        f'x,,0,,0,0,1,"{NAME} wants, ""peace"""\n'
        # not quoted: the line break splits the row, and the second half falls in the numeric columns
        f"1000,,1,,0,0,1,I met {NAME}\nHaddad,she said yes,1,,0,0,1,ok\n"
        f"1000,,2,,0,0,7,{NAME}\n"
        f"1000,,3,,0,0,1,{NAME},,and more\n"
    )
    message = error(export_dir(tmp_path, "1000,,9,1,1\n", comments))
    assert message.splitlines() == [
        "comments.csv, row 2, field timestamp: a text is not a timestamp; expected milliseconds since "
        "1 January 1970 UTC, such as 1403054214196",
        "comments.csv, row 4, field timestamp: a text is not a timestamp; expected milliseconds since "
        "1 January 1970 UTC, such as 1403054214196",
        "comments.csv, row 4, field comment-id: comment 1 is already on row 3",
        "comments.csv, row 5, field moderated: '7' is not a moderation status; expected 1 (accepted), "
        "0 (unmoderated) or -1 (rejected)",
        "comments.csv, row 6: 10 cells, but the header has 8 columns",
    ]
    for word in (*NAME.split(), "peace", "she said", "yes", "more"):
        assert word not in message


def test_writing_an_export_that_could_not_be_read_back(tmp_path: Path):
    export = hand_made(tmp_path)
    broken = PolisExport(
        (*export.comments, PolisComment(0, None, NAME, 2, None)),
        (*export.votes, PolisVote(3, 12, 5, None)),
        (PolisParticipant(3, None, {13: 1}),),
        {},
        tmp_path,
    )
    with pytest.raises(PolisError) as info:
        write_export(tmp_path / "out", broken)
    assert str(info.value) == "\n".join(
        [
            "cannot write the Pol.is export: comment ids used more than once: 0",
            "cannot write the Pol.is export: comment 0: moderated is 2; expected 1, 0 or -1",
            "cannot write the Pol.is export: vote 5 (voter 3): 5 is not a vote; expected 1, -1 or 0",
            "cannot write the Pol.is export: vote 5 (voter 3): no comment 12 in the export",
            "cannot write the Pol.is export: participant 3: votes on no comment of the export: [13]",
        ]
    )
    assert not (tmp_path / "out").exists()
