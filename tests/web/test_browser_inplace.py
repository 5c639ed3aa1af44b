"""Editing in place in Debian's Chromium, under the strict CSP: on a draft conflict map and a draft theory of
change, add an element from the form under the drawing and see it drawn, connect two in the drawing, rename
one by double-clicking it, remove one (the page asks first) and undo the removal; all without leaving the
page (the drawing is the same Cytoscape instance throughout)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from multitrack.web.evaluation.models import TocLink
from tests import factories as f
from tests.web.browser import PASSWORD, in_db

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(db):
    from multitrack.web.accounts.models import Membership

    user = get_user_model().objects.create_user("mapper", password=PASSWORD)
    Membership.objects.create(user=user, compartment=f.default_compartment(), role="editor")
    m = f.conflict_map(f.context(name="Lake Basin"))
    gov = f.map_node(m, "Government", power=5)
    fishers = f.map_node(m, "Fishers", power=2)
    water = f.map_node(m, "Water rights", kind="issue")
    f.map_tie(fishers, water, "close")
    f.map_tie(gov, water, "close")
    toc = f.toc(f.initiative())
    a = f.toc_element(toc, "Dialogue rounds")
    o = f.toc_element(toc, "Joint non-paper", "output")
    TocLink.objects.create(toc=toc, source=a, target=o, rationale="because")
    return m, toc


def log_in(page: Any, url: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill("mapper")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def count(page: Any, drawing: str, what: str, n: int) -> None:
    """Wait until the drawing (a selector) shows `n` nodes or edges."""
    page.wait_for_function(
        f"() => {{ var c = document.querySelector({drawing!r}).cy; return c && c.{what}().length === {n}; }}"
    )


def at(page: Any, drawing: str, label: str) -> tuple[float, float]:
    """Where a node is in the window (the drawing scrolled into view first). A swap that changes the page's
    height may resize the drawing, which is fitted again 100 ms later: let that happen first."""
    page.wait_for_timeout(250)
    page.locator(drawing).scroll_into_view_if_needed()
    box = page.locator(drawing).bounding_box()
    p = page.evaluate(
        f"() => document.querySelector({drawing!r}).cy.nodes().filter(n => n.data('label') === {label!r})[0]"
        ".renderedPosition()"
    )
    return box["x"] + p["x"], box["y"] + p["y"]


def connect(page: Any, drawing: str, source: str, target: str) -> None:
    page.get_by_role("button", name="Connect two").click()
    page.mouse.click(*at(page, drawing, source))
    page.mouse.click(*at(page, drawing, target))


def rename(page: Any, drawing: str, label: str, new: str) -> None:
    page.mouse.dblclick(*at(page, drawing, label))
    page.get_by_label("New label").fill(new)
    page.get_by_label("New label").press("Enter")
    page.wait_for_function(
        f"() => document.querySelector({drawing!r}).cy.nodes().some(n => n.data('label') === {new!r})"
    )


def drawn(page: Any, drawing: str, nodes: int, edges: int) -> None:
    count(page, drawing, "nodes", nodes)
    count(page, drawing, "edges", edges)


def remove_and_undo(
    page: Any, drawing: str, label: str, left: tuple[int, int], back: tuple[int, int]
) -> None:
    """Remove `label` from its row (the page asks first), see `left` nodes and edges drawn, then undo."""
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"Remove {label}").click()
    drawn(page, drawing, *left)
    page.get_by_role("button", name="Undo").click()
    drawn(page, drawing, *back)


def test_edit_a_conflict_map_in_place(live_server, scene, browser):
    m, _ = scene
    page, drawing = browser.page, "[data-conflictmap]"
    log_in(page, f"{live_server.url}/maps/{m.pk}/")
    count(page, drawing, "nodes", 3)
    page.evaluate(f"() => {{ document.querySelector({drawing!r}).cy.scratch('_same', true); }}")

    page.locator("#add-node-label").fill("Youth Assembly")
    page.locator("#add-node-power").fill("1")
    page.get_by_role("button", name="Add", exact=True).click()
    count(page, drawing, "nodes", 4)
    page.get_by_role("cell", name="Youth Assembly", exact=True).wait_for()

    connect(page, drawing, "Youth Assembly", "Government")
    page.wait_for_function("() => document.activeElement.id === 'add-tie-type'")  # to choose the type
    page.locator("#add-tie-type").select_option("influence")
    page.get_by_role("button", name="Add tie").click()
    count(page, drawing, "edges", 3)

    rename(page, drawing, "Youth Assembly", "Youth Council")

    remove_and_undo(page, drawing, "Youth Council", (3, 2), (4, 3))
    page.get_by_text("Restored “Youth Council” and its 1 tie(s).").wait_for()
    # Still the page it started on, with the same drawing.
    assert page.evaluate(f"() => document.querySelector({drawing!r}).cy.scratch('_same')") is True
    assert in_db(lambda: (m.nodes.count(), m.ties.count())) == (4, 3)


def test_edit_a_theory_of_change_in_place(live_server, scene, browser):
    _, toc = scene
    page, drawing = browser.page, "[data-toc]"
    log_in(page, f"{live_server.url}{toc.get_absolute_url()}")
    count(page, drawing, "nodes", 2)

    page.locator("#add-element-level").select_option("outcome")
    page.locator("#add-element-label").fill("Talks resume")
    page.get_by_role("button", name="Add", exact=True).click()
    count(page, drawing, "nodes", 3)

    connect(page, drawing, "Joint non-paper", "Talks resume")
    page.locator("#add-link-rationale").fill("The paper gives them a text to talk about.")
    page.get_by_role("button", name="Add link").click()
    count(page, drawing, "edges", 2)

    rename(page, drawing, "Talks resume", "Talks restart")

    remove_and_undo(page, drawing, "Joint non-paper", (2, 0), (3, 2))
    assert in_db(lambda: toc.links.count()) == 2
