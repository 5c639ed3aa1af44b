"""Conflict maps end to end in Debian's Chromium: the drawing, the form-based editor, dragging to arrange,
PNG and SVG downloads, saving a version, comparing two versions and the timeline.

Set MULTITRACK_SHOTS to a directory to keep screenshots of the pages (for looking at the drawing).
"""

from __future__ import annotations

import math
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests import factories as f
from tests.web.browser import PASSWORD, in_db

SHOTS = os.environ.get("MULTITRACK_SHOTS", "")
DRAWING = "document.querySelector('[data-conflictmap]').cy"
POSITIONS = f"""() => {{
  var out = {{}};
  {DRAWING}.nodes().forEach(function (n) {{ out[n.id()] = [n.position().x, n.position().y]; }});
  return out;
}}"""
EACH_COUNT = """() => Array.from(document.querySelectorAll('[data-conflictmap]'))
  .map(function (c) { return c.cy.nodes().length; })"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def dist(p: list[float], q: list[float]) -> float:
    return math.hypot(p[0] - q[0], p[1] - q[1])


@pytest.fixture
def scene(db):
    """A context mapped by the facilitation team: a saved version with eight parties, external parties and
    issues, and a draft started from it six months later with a party more, a power change, a broken tie
    (so that it has all six kinds of tie) and Do No Harm dividers and connectors; and the map of another
    perspective at the later date. Made before the browser starts (labels are encrypted: no lookups by
    label)."""
    from multitrack.web.accounts.models import Membership
    from multitrack.web.conflictmaps.models import DnhFactor

    user = get_user_model().objects.create_user("mapper", password=PASSWORD)
    Membership.objects.create(user=user, compartment=f.default_compartment(), role="editor")
    context = f.context(name="Lake Basin")
    first = f.conflict_map(context, as_of=date(2024, 3, 1), perspective="facilitation team")
    gov = f.map_node(first, "Government", power=5)
    movement = f.map_node(first, "Lake Basin Movement", power=3)
    fishers = f.map_node(first, "Fishers' Cooperative", power=2)
    pastoral = f.map_node(first, "Pastoralist Council", power=3)
    neighbour = f.map_node(first, "Neighbouring State", kind="external", power=4)
    donors = f.map_node(first, "Donor Consortium", kind="external", power=2)
    water = f.map_node(first, "Water rights", kind="issue")
    grazing = f.map_node(first, "Grazing corridors", kind="issue")
    f.map_tie(gov, neighbour, "alliance")
    f.map_tie(gov, movement, "discord")
    f.map_tie(fishers, movement, "close")
    f.map_tie(pastoral, fishers, "informal")
    f.map_tie(neighbour, gov, "influence")
    f.map_tie(donors, movement, "influence")
    f.map_tie(pastoral, gov, "close")
    f.map_tie(fishers, water, "close")
    f.map_tie(gov, water, "close")
    f.map_tie(pastoral, grazing, "close")
    first.freeze(user)

    draft = first.new_version(user, as_of=date(2024, 9, 1))
    by_label = {n.label: n for n in draft.nodes.all()}
    by_label["Government"].power = 4
    by_label["Government"].save()
    draft.ties.filter(source=by_label["Pastoralist Council"], target=by_label["Government"]).update(
        type="broken"
    )
    women = f.map_node(draft, "Women's Peace Network", power=2)
    f.map_tie(women, by_label["Fishers' Cooperative"], "informal")
    f.map_tie(women, by_label["Grazing corridors"], "close")
    for kind, category, text in [
        ("divider", "values", "Competing claims to the lake shore"),
        ("divider", "attitudes", "Rumours that fishers hide armed men"),
        ("connector", "systems", "The shared market at Port Bell"),
        ("connector", "experiences", "Memory of the 1998 drought, when herders and fishers shared water"),
    ]:
        DnhFactor.objects.create(map=draft, kind=kind, category=category, description=text)

    other = f.conflict_map(context, as_of=date(2024, 9, 1), perspective="women's groups")
    w_gov = f.map_node(other, "Government", power=5)
    w_net = f.map_node(other, "Women's Peace Network", power=3)
    w_water = f.map_node(other, "Water rights", kind="issue")
    f.map_tie(w_gov, w_net, "discord")
    f.map_tie(w_net, w_water, "close")
    other.freeze(user)
    return first, draft, other


def log_in(page: Any, url: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill("mapper")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def wait_drawn(page: Any, count: int = 1) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('[data-conflictmap][data-ready=true]').length === {count}"
    )


def shot(page: Any, name: str, focus: str = "") -> None:
    """With MULTITRACK_SHOTS set: the whole page, and the window's view from `focus` (a selector) on."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)
        if focus:
            page.evaluate(f"() => document.querySelector({focus!r}).scrollIntoView()")
            page.screenshot(path=str(Path(SHOTS) / f"{name}-view.png"))
            page.evaluate("() => window.scrollTo(0, 0)")


def test_edit_a_draft_map_drag_a_party_download_and_save_the_version(live_server, scene, browser, tmp_path):
    _, draft, _ = scene
    page = browser.page
    log_in(page, f"{live_server.url}/maps/{draft.pk}/")

    wait_drawn(page)
    assert page.evaluate(f"{DRAWING}.nodes().length") == 9
    assert page.evaluate(f"{DRAWING}.edges().length") == 12
    types = page.evaluate(f"{DRAWING}.edges().map(function (e) {{ return e.data('type'); }})")
    assert sorted(set(types)) == ["alliance", "broken", "close", "discord", "influence", "informal"]
    shot(page, "map-detail-draft", "#drawing-h")

    # Add a party with the form-based editor, no drag-and-drop needed.
    page.get_by_role("link", name="Add a party or issue").click()
    page.get_by_label("Kind").select_option("party")
    page.get_by_label("Label").fill("Youth Assembly")
    page.get_by_label("Relative power").fill("1")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("cell", name="Youth Assembly", exact=True).wait_for()
    wait_drawn(page)
    assert page.evaluate(f"{DRAWING}.nodes().length") == 10
    assert page.evaluate(f"{DRAWING}.nodes('[label = \"Youth Assembly\"]').length") == 1

    # Drag the government 120 px to the right and 60 px down: the new arrangement is stored.
    key = in_db(lambda: next(n.key for n in draft.nodes.all() if n.label == "Government"))
    box = page.locator("[data-conflictmap]").bounding_box()
    at = page.evaluate(f"{DRAWING}.$id('{key}').renderedPosition()")
    x, y = box["x"] + at["x"], box["y"] + at["y"]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 20, steps=5)
    page.mouse.move(x + 120, y + 60, steps=10)
    page.mouse.up()
    page.wait_for_function(
        "() => document.getElementById('map-status').textContent.includes('Arrangement saved')"
    )
    moved = page.evaluate(f"{DRAWING}.$id('{key}').renderedPosition()")
    assert moved["x"] == pytest.approx(at["x"] + 120, abs=3)
    assert moved["y"] == pytest.approx(at["y"] + 60, abs=3)
    dropped = page.evaluate(f"{DRAWING}.$id('{key}').position()")
    stored = in_db(lambda: draft.nodes.get(key=key))
    assert (stored.x, stored.y) == (pytest.approx(dropped["x"]), pytest.approx(dropped["y"]))
    assert in_db(lambda: draft.nodes.filter(x__isnull=True).count()) == 0  # the whole arrangement is kept

    # The arrangement survives a reload, up to scale (the drawing is fitted into the canvas again).
    before = page.evaluate(POSITIONS)
    page.reload()
    wait_drawn(page)
    after = page.evaluate(POSITIONS)
    others = [k for k in before if k != key]
    a, b = others[0], others[-1]
    scale = dist(after[a], after[b]) / dist(before[a], before[b])
    for k in (key, *others[1:-1]):
        for axis in (0, 1):
            want = scale * (before[k][axis] - before[a][axis])
            assert after[k][axis] - after[a][axis] == pytest.approx(want, abs=1)

    # PNG and SVG downloads, both drawn by the server with the title, the date and the legend.
    with page.expect_download() as png:
        page.get_by_role("link", name="Download PNG").click()
    assert png.value.suggested_filename == f"conflict-map-{draft.pk}.png"
    png.value.save_as(tmp_path / "map.png")
    assert (tmp_path / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.get_by_role("link", name="Download SVG").click()
    assert svg.value.suggested_filename == f"conflict-map-{draft.pk}.svg"
    svg.value.save_as(tmp_path / "map.svg")
    text = (tmp_path / "map.svg").read_text()
    assert "<svg" in text and "Youth Assembly" in text

    # Save as a version: it cannot be undone, so the page asks first; dismissed, nothing is saved.
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Save as version").click()
    assert questions and not in_db(lambda: type(draft).objects.get(pk=draft.pk).is_saved)
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Save as version").click()
    page.get_by_text("is saved as a version").wait_for()
    assert questions == ["Save this draft as a version? A saved version can no longer be changed."] * 2
    # The editor is gone and the drawing can no longer be arranged.
    wait_drawn(page)
    for name in ("Save as version", "Delete this draft"):
        assert page.get_by_role("button", name=name).count() == 0
    for name in ("Add a party or issue", "Add a tie", "Edit"):
        assert page.get_by_role("link", name=name).count() == 0
    assert page.get_by_role("link", name="New version from this").count() == 1
    assert page.evaluate(f"{DRAWING}.autoungrabify()") is True
    assert in_db(lambda: type(draft).objects.get(pk=draft.pk).is_saved)
    browser.assert_clean()


def test_compare_two_versions_and_the_timeline(live_server, scene, browser):
    first, draft, other = scene
    page = browser.page
    log_in(page, f"{live_server.url}/maps/compare/?a={first.pk}&b={draft.pk}")

    wait_drawn(page, 2)
    assert page.evaluate(EACH_COUNT) == [8, 9]
    changes = page.locator(".diff").inner_text()
    assert "Women's Peace Network" in changes and "Government: 5 → 4" in changes
    assert "Pastoralist Council – Government: was Close" in changes
    shot(page, "map-compare")

    page.goto(f"{live_server.url}/maps/context/{first.context_id}/")
    page.get_by_role("heading", name="facilitation team").wait_for()
    assert page.get_by_role("heading", name="women's groups").count() == 1
    shot(page, "map-timeline")
    page.get_by_role("link", name="“facilitation team” beside “women's groups”").click()
    wait_drawn(page, 2)
    assert page.url.endswith(f"?a={draft.pk}&b={other.pk}")
    assert page.evaluate(EACH_COUNT) == [9, 3]
    shot(page, "map-compare-perspectives")
    browser.assert_clean()
