"""Every page of the demo, as its owner, an analyst and a funder, on a phone (390 px wide) in Debian's
Chromium: no page is wider than the screen, each has a plain title, axe-core finds no serious or critical
accessibility violation on it, and the main navigation opens from one "Menu".

The pages are found, not listed: from the overview, every link the user is offered is followed (one page
of each kind: numbers in paths are one kind), skipping what is not a page (downloads, the API, logging
out, revealing an identity). A new page is therefore in the tour as soon as a link leads to it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from multitrack import demo
from multitrack.web.accounts.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ANALYST = "tour-analyst"
# A link a user is offered must open for them: the tour fails on any answer but 200 (403, 404 …).
# Not pages to look at: files, the API (its docs page is Swagger's), the participant's card pages, what
# changes state on GET-less forms, and identity reveals (audited reads).
SKIP = re.compile(
    r"(^/api/|^/c/|^/accounts/logout|^/admin/|[?&](reveal|format|download)=|"
    r"\.(csv|json|zip|png|svg|pdf|geojson|txt|xml|docx|html)$|/export|/download)"
)
LIMIT = 120  # kinds of page per role: a bound on the walk, far above the demo's
# axe-core from npm (scripts/vendor-js.sh), kept with the tests: the app never serves it.
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


def kind(path: str) -> str:
    return re.sub(r"\d+", "N", path)


@pytest.fixture
def demo_site(tmp_path: Any) -> dict[str, str]:
    """The whole demo in the test database, and the three users: role → username."""
    for _line in demo.load_all(tmp_path):
        pass
    analyst = get_user_model().objects.create_user(ANALYST, password=demo.DEMO_PASSWORD)
    for compartment in demo.dataset.demo_compartments():
        Membership.objects.create(user=analyst, compartment=compartment, role="analyst")
    return {"owner": demo.DEMO_USER, "analyst": ANALYST, "funder": demo.DEMO_FUNDER}


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def links(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if href.startswith(base) and not SKIP.search(parts.path + ("?" + parts.query if parts.query else "")):
            found.append(parts.path + ("?" + parts.query if parts.query else ""))
    return found


def overflow(page: Any) -> str | None:
    """None when the page fits the screen's width; else the widest elements that stick out."""
    return page.evaluate(
        r"""() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return null;
          const out = [];
          const clipped = (el) => {  // inside a box that scrolls sideways: it does not widen the page
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
              if (getComputedStyle(up).overflowX !== 'visible') return true;
            }
            return false;
          };
          for (const el of document.querySelectorAll('main *, header *, nav *')) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 1 && box.width > 0 && !clipped(el)) {
              const cls = typeof el.className === 'string' ? el.className.trim() : '';
              const classes = cls ? '.' + cls.split(/\s+/).join('.') : '';
              const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes;
              out.push(name + ' ' + Math.round(box.right) + 'px');
            }
          }
          return document.documentElement.scrollWidth + 'px wide: ' + out.slice(0, 6).join(', ');
        }"""
    )


def accessibility(page: Any) -> str:
    """axe-core's serious and critical violations on the page, "" when there is none: each rule with its
    first offending elements. Run as DevTools would (page.evaluate), so the app's strict CSP stays on."""
    page.evaluate(AXE)
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ' (' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ') + ')')
            .join('; ');
        }"""
    )


def tour(page: Any, base: str) -> dict[str, str]:
    """Walk the pages from the overview; kind of page → what is wrong with it ("" when nothing): a link
    offered that does not open (and the page that offered it), a title that is not the page's own
    followed by " · Multitrack", what sticks out of the screen, or an accessibility violation."""
    seen: dict[str, str] = {}
    queue = [("/", "")]
    while queue and len(seen) < LIMIT:
        path, source = queue.pop(0)
        if kind(path.split("?")[0]) in seen:
            continue
        response = page.goto(base + path)
        status = response.status if response is not None else 0
        if status != 200:
            seen[kind(path.split("?")[0])] = f"answers {status}, linked from {source}"
            continue
        title = page.title()
        bad_title = "" if title.endswith(" · Multitrack") and "<" not in title else f"title {title!r}; "
        axe = accessibility(page)
        seen[kind(path.split("?")[0])] = bad_title + (overflow(page) or "") + (f"; axe: {axe}" if axe else "")
        queue += [(p, path) for p in links(page, base) if kind(p.split("?")[0]) not in seen]
    return seen


def test_no_page_of_the_demo_is_wider_than_a_phone(demo_site: dict[str, str], live_server: Any, browser: Any):
    """One test for the three roles: the demo is loaded once (the database is emptied after each test)."""
    page = browser.page
    page.set_viewport_size(PHONE)
    problems, counts = {}, {}
    for role, username in demo_site.items():
        page.context.clear_cookies()
        log_in(page, live_server.url, username)
        # The navigation is one "Menu" on a phone: closed, it takes one line; open, it offers the groups.
        menu = page.locator("details.nav-menu")
        assert menu.locator("summary").is_visible(), role
        assert not page.get_by_role("navigation", name="Main").is_visible(), role
        menu.locator("summary").click()
        assert page.get_by_role("navigation", name="Main").is_visible(), role
        pages = tour(page, live_server.url)
        counts[role] = len(pages)
        problems |= {f"{role} {path}": problem for path, problem in pages.items() if problem}
    assert problems == {}, "\n".join(f"{path}: {problem}" for path, problem in sorted(problems.items()))
    # The walk reached the pages each role is offered (the demo has about 60 kinds for its owner).
    assert counts["owner"] >= 50 and counts["analyst"] >= 40 and counts["funder"] >= 12, counts
    assert counts["owner"] > counts["analyst"] > counts["funder"], counts


def test_the_accessibility_check_finds_violations(browser: Any):
    """The tour's check is not silent: axe-core reports a serious and a critical violation it is shown."""
    page = browser.page
    page.set_content(
        '<html lang="en"><title>t</title><main><p style="color:#bbb;background:#fff">Faint text</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>'
    )
    found = accessibility(page)
    assert "color-contrast" in found and "image-alt" in found, found
