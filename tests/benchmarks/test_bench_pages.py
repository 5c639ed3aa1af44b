"""The page benchmark on a small size: the funder's walk on the real server, each page asked once more. Its
figures are `python -m benchmarks pages`'s; here only that every page answered and the report names them."""

from __future__ import annotations

import ast
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from benchmarks import bench_pages as bench
from tests.datadir import person_names

BASE = "http://127.0.0.1:8000"
TOUR = Path(__file__).parents[1] / "web" / "test_browser_tour.py"


def tour_constant(name: str) -> object:
    """A constant of the browser tour, read from its source (importing it needs the browser tests' set-up):
    the value assigned to `name`, or the first argument of the call assigned to it (re.compile's pattern)."""
    for node in ast.parse(TOUR.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == [name]:
            value = node.value.args[0] if isinstance(node.value, ast.Call) else node.value
            return ast.literal_eval(value)
    raise LookupError(f"{name} is not assigned in {TOUR}")


@pytest.mark.slow
def test_the_funders_pages_all_open_and_the_report_names_the_slowest(
    monkeypatch: pytest.MonkeyPatch, demo_folder: Path
) -> None:
    monkeypatch.setenv("MULTITRACK_SEMANTIC", "0")  # the model's load would cost the server ~10 s
    m = bench.measure(["funder"], repeat=1, demo_dir=demo_folder)  # the run's demo, copied
    funder = m.of("funder")
    kinds = {bench.kind(page.path) for page in funder}
    # a non-200 answer would have stopped measure(); the walk reached the funder's pages (as in the tour)
    assert "/" in kinds and len(kinds) == len(funder) >= 12, kinds
    assert [(p.role, p.path) for p in m.of(bench.VISITOR)] == [(bench.VISITOR, "/accounts/login/")]
    assert all(page.cold for page in m.pages)  # one role: every first GET was its kind's first
    assert all(len(page.warm) == 1 and page.warm_s > 0 for page in m.pages)
    assert m.healthz_cold_s > 0 and len(m.healthz_warm) == 1 and not m.limited
    text = "\n".join(line.line() for line in bench.report(m))
    assert f"walked (one page a kind, from /, as the browser tour does): funder {len(funder)};" in text
    assert "Baseline /healthz: cold" in text and "Slowest 10 cold" in text and "Slowest 10 warm" in text
    assert "Target warm ≤ 300 ms:" in text and "Target cold ≤ 1000 ms:" in text
    slowest = max(m.pages, key=lambda page: page.warm_s)
    assert f"funder   {slowest.path} " in text or f"visitor  {slowest.path} " in text
    assert not [name for name in person_names() if name in text]


def test_the_walk_skips_what_the_browser_tour_skips() -> None:
    assert bench.SKIP.pattern == tour_constant("SKIP") and tour_constant("LIMIT") == bench.LIMIT
    assert bench.kind("/actors/12/edit/?tab=3") == "/actors/N/edit/"


def test_links_are_resolved_against_the_page_and_only_same_site_pages_kept() -> None:
    html = """
      <a href="/actors/">actors</a> <a href="3/">relative</a> <a href="#main">fragment</a>
      <a href="?page=2">query</a> <a href="https://example.org/">elsewhere</a> <a>no href</a>
      <a href="/accounts/logout/">out</a> <a href="/api/docs">api</a> <a href="/actors/?format=csv">csv</a>
      <a href="/report.pdf">file</a> <a href="/actors/export/">export</a> <a href="mailto:a@b.c">mail</a>
      <a href="http://127.0.0.1:8000/contexts/1/">absolute</a> <a href="http://127.0.0.1:80001/">port</a>
    """
    found = bench.links(html, f"{BASE}/initiatives/", BASE)
    assert found == ["/actors/", "/initiatives/3/", "/initiatives/", "/initiatives/?page=2", "/contexts/1/"]


def test_an_unknown_role_is_refused_before_anything_runs() -> None:
    with pytest.raises(ValueError, match="owner, analyst, funder"):
        bench.measure(["donor"], repeat=1)


class _Site(BaseHTTPRequestHandler):
    """Two pages: "/" links to "/ok/3/", which links to "/gone/" (404) and to "/ok/4/" (same kind)."""

    PAGES = {"/": '<a href="/ok/3/">', "/ok/3/": '<a href="/ok/4/"></a><a href="../../gone/">'}

    def do_GET(self) -> None:
        body = self.PAGES.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write((body or "not here").encode())

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_linked_page_that_does_not_open_stops_the_walk_naming_who_linked_it(site: str) -> None:
    reached: set[str] = set()
    with pytest.raises(RuntimeError, match=r"^/gone/ answered 404 to the funder, linked from /ok/3/$"):
        bench.walk(bench.Client(site), "funder", reached)
    assert reached == {"/", "/ok/N/"}
