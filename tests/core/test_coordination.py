"""Overlaps and gaps between organisations' initiatives, from what each shared."""

from __future__ import annotations

from datetime import date

from multitrack.core.coordination import Offer, gaps, overlaps, recurring_third_parties

TODAY = date(2026, 12, 1)


def offer(org: str, label: str, start: date | None, end: date | None = None, **kw) -> Offer:
    return Offer(key=f"{org}-{label}", organisation=org, label=label, start=start, end=end, **kw)


def test_alike_initiatives_of_different_organisations_at_the_same_time_overlap_with_reasons():
    link = frozenset({"Link Track Three to Track One"})
    youth_a = offer("A", "Youth voices", date(2021, 1, 1), date(2022, 6, 30), format="Consultation",
                    objectives=link, target_groups=frozenset({"youth"}), track="3")  # fmt: skip
    youth_b = offer("B", "Young people's panel", date(2022, 1, 1), None, format="Consultation",
                    objectives=frozenset({"Link Track Three to Track One", "Capacity building"}),
                    target_groups=frozenset({"youth", "women"}), track="3")  # fmt: skip
    later = offer(
        "C", "Youth later", date(2023, 1, 1), format="Consultation", target_groups=frozenset({"youth"})
    )
    same_org = offer("A", "Another of A", date(2021, 1, 1), format="Consultation")
    unlike = offer("B", "Back channel", date(2021, 1, 1), format="Back-channel talks",
                   objectives=frozenset({"Transfer"}), target_groups=frozenset({"officials"}))  # fmt: skip
    found = overlaps([youth_a, youth_b, later, same_org, unlike], TODAY)
    pairs = {frozenset((o.a.label, o.b.label)): o.score for o in found}
    assert pairs == {
        frozenset(("Young people's panel", "Another of A")): 1.0,  # only the format is known on both
        frozenset(("Youth later", "Another of A")): 1.0,
        frozenset(("Young people's panel", "Youth later")): 0.75,
        frozenset(("Youth voices", "Young people's panel")): (0.5 + 0.5 + 1) / 3,
    }
    assert [o.score for o in found] == sorted((o.score for o in found), reverse=True)
    assert all(o.a.organisation != o.b.organisation for o in found)  # never within one organisation
    first = next(o for o in found if o.a.label == "Youth voices")
    assert first.reasons == (
        "both under way for 6 months",
        "shared objectives: Link Track Three to Track One",
        "the same target groups: youth",
        "the same format: Consultation",
        "the same track: 3",
    )
    assert all("Back channel" not in (o.a.label, o.b.label) for o in found)  # nothing alike
    assert all("Youth later" not in (o.a.label, o.b.label) or "Youth voices" not in (o.a.label, o.b.label)
               for o in found)  # their periods do not meet  # fmt: skip


def test_what_one_side_did_not_share_is_unknown_not_different():
    told = offer("A", "a", date(2020, 1, 1), format="Dialogue series", target_groups=frozenset({"elders"}))
    silent = offer("B", "b", date(2020, 6, 1), format="Dialogue series")  # no target groups on the card
    (o,) = overlaps([told, silent], TODAY)
    assert o.score == 1.0 and "the same format: Dialogue series" in o.reasons
    assert overlaps([told, offer("B", "c", date(2020, 6, 1))], TODAY) == []  # nothing comparable
    assert overlaps([told, offer("B", "d", None, format="Dialogue series")], TODAY) == []  # no dates


def test_gaps_and_recurring_third_parties():
    offers = [
        offer("A", "x", None, track="2", third_party_type="NGO mediator"),
        offer("B", "y", None, track="2", third_party_type="NGO mediator"),
        offer("B", "z", None, track="3", third_party_type="Insider mediator"),
    ]
    assert gaps(offers, ["1", "1.5", "2", "3"]) == ["1", "1.5"]
    assert recurring_third_parties(offers) == [
        {"type": "NGO mediator", "organisations": ["A", "B"]},
        {"type": "Insider mediator", "organisations": ["B"]},
    ]


def test_levels_nobody_works_with_only_from_offers_that_tell_them():
    from multitrack.core.coordination import level_gaps

    told = [
        offer("A", "x", None, levels=frozenset({"middle"})),
        offer("B", "y", None, levels=frozenset({"middle", "grassroots"})),
        offer("C", "silent", None),
    ]
    assert level_gaps(told, ["top", "middle", "grassroots"]) == ["top"]
    assert level_gaps([offer("C", "silent", None)], ["top", "middle", "grassroots"]) == []  # nothing told
