"""The shipped reference lines, and the checks on an organisation's own."""

from __future__ import annotations

import pytest

from multitrack.core.inclusion import InclusionError
from multitrack.sources.reference_lines import parse, shipped


def test_the_shipped_lines_are_the_published_figures():
    lines = {line.key: line for line in shipped()}
    assert {k: (v.share, v.roles) for k, v in lines.items()} == {
        "cfr-2020-women-negotiators": (0.13, ("negotiator",)),
        "cfr-2020-women-mediators": (0.06, ("facilitator", "insider_mediator")),
        "cfr-2020-women-signatories": (0.06, ("signatory",)),
    }
    assert all(v.period == "1992–2019" and v.url.startswith("https://www.cfr.org/") for v in lines.values())


GOOD = {
    "key": "k", "title": "t", "dimension": "gender", "value": "woman", "roles": ["negotiator"],
    "share": 0.1, "period": "2000", "source": "s",
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"share": 13}, "lines.json: lines[0], field share: 13 is not a share between 0 and 1"),
        ({"roles": ["chief"]}, "lines.json: lines[0], field roles: give role codes among: convener"),
        ({"source": " "}, "lines.json: lines[0], field source: missing or empty"),
    ],
)
def test_a_bad_entry_is_named(change: dict[str, object], message: str):
    with pytest.raises(InclusionError) as caught:
        parse({"lines": [{**GOOD, **change}]}, "lines.json")
    assert str(caught.value).startswith(message)


def test_keys_are_unique_and_the_shape_is_checked():
    with pytest.raises(InclusionError, match="key k is used more than once"):
        parse({"lines": [GOOD, GOOD]}, "lines.json")
    with pytest.raises(InclusionError, match='expected an object with a list "lines"'):
        parse([], "lines.json")
