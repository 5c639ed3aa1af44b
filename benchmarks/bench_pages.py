"""Every page of the demo timed on the real server, as its owner, an analyst and a funder see it: cold, warm.

Targets (issue 17): no page over `TARGET_WARM_S` (300 ms) warm, none over `TARGET_COLD_S` (1 s) cold.

In a fresh data folder with a throw-away key: `multitrack demo --no-serve`, an analyst in every demo
compartment (`multitrack createuser`, once a compartment), then `multitrack serve` on a free port of
127.0.0.1 (its default threads, as deployed). Nothing but 127.0.0.1 is contacted; the server and the folder
are removed afterwards.

Each role logs in over HTTP (the login form's CSRF token, then the POST; its redirect is not followed, so
that the first GET of "/" is the walk's), then walks the pages as the browser tour does
(tests/web/test_browser_tour.py): from "/", every same-site link of each page (`<a href>`), one page a kind
(digits in the path are one kind), skipping what is not a page (`SKIP`). Only GETs: a link is never a form.
A linked page that answers anything but 200 stops the benchmark (the tour guarantees that each opens).

Cold: the server is fresh (it has warmed what `multitrack.web.warm` loads at start: the walk waits for its
"Warmed at start" line), and the first GET of a kind of page since it started is that kind's cold time
(the first role to reach it gives it; the roles walk in the order owner, analyst, funder). The login page is
the visitor's: its cold time is the first role's GET of it, its warm ones GETs without cookies. Warm: after
every walk, each page of each role is asked again `REPEAT` (5) times in rounds; the median. Times are the
client's wall clock for the whole request, the body read to its end.

Baseline, same server, same run: /healthz, cold (the first request the server answered) and warm (one GET a
round, the median). Ratios are page ÷ /healthz: how far above the floor of the stack (waitress, Django's
middleware, the client on the same machine) a page is.

Environment: MULTITRACK_BENCH_PAGES_ROLES (e.g. "funder"; default all three), MULTITRACK_BENCH_PAGES_REPEAT.
`python -m benchmarks pages` runs it; `measure()` takes the roles and the repeat.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.client import HTTPMessage
from http.cookiejar import CookieJar
from pathlib import Path
from typing import IO
from urllib.parse import urlencode, urljoin, urlsplit

from benchmarks.harness import Line, stop

ALL_ROLES = ("owner", "analyst", "funder")
ROLES = tuple(
    r.strip() for r in os.environ.get("MULTITRACK_BENCH_PAGES_ROLES", ",".join(ALL_ROLES)).split(",")
)
REPEAT = int(os.environ.get("MULTITRACK_BENCH_PAGES_REPEAT", "5"))
TARGET_WARM_S = 0.3
TARGET_COLD_S = 1.0
SLOWEST = 10
ANALYST = "bench-analyst"
VISITOR = "visitor"  # the login page, before logging in
LOGIN = "/accounts/login/"
HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
MULTITRACK = [sys.executable, "-m", "multitrack.cli"]
TIMEOUT_S = 120.0  # a page unanswered this long is a failure, not a slow page
# Mirrors SKIP in tests/web/test_browser_tour.py (tests/benchmarks/test_bench_pages.py checks that they
# agree): files, the API, the participant's card pages, logging out, the admin, identity reveals.
SKIP = re.compile(
    r"(^/api/|^/c/|^/accounts/logout|^/admin/|[?&](reveal|format|download)=|"
    r"\.(csv|json|zip|png|svg|pdf|geojson|txt|xml|docx|html)$|/export|/download)"
)
LIMIT = 120  # kinds of page per role, as in the tour: a bound on the walk, far above the demo's


def kind(path: str) -> str:
    """The kind of a page: its path without the query, every number in it replaced by N."""
    return re.sub(r"\d+", "N", path.split("?")[0])


@dataclass
class Page:
    """One page of one role: the first path of its kind the role reached, and its times."""

    role: str
    path: str
    source: str  # the page that linked it ("" for where the walk starts)
    first_s: float  # this role's first GET of it
    cold: bool  # that GET was the first of its kind since the server started
    warm: list[float] = field(default_factory=list)

    @property
    def warm_s(self) -> float:
        return statistics.median(self.warm) if self.warm else float("nan")


@dataclass
class Measured:
    """One run: the pages of each role, /healthz cold and warm, and how busy the machine was."""

    roles: tuple[str, ...]
    repeat: int
    healthz_cold_s: float = float("nan")
    healthz_warm: list[float] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    limited: list[str] = field(default_factory=list)  # roles whose walk stopped at LIMIT kinds
    load_average: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after

    @property
    def healthz_warm_s(self) -> float:
        return statistics.median(self.healthz_warm) if self.healthz_warm else float("nan")

    def of(self, role: str) -> list[Page]:
        return [page for page in self.pages if page.role == role]


# ---------------------------------------------------------------------------------------------------
# The client


class _KeepPostAnswer(urllib.request.HTTPRedirectHandler):
    """GETs follow redirects (as the browser does); a POST's redirect is the answer, not followed."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if req.get_method() == "POST":
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass(frozen=True)
class Answer:
    status: int
    url: str  # where the answer came from, after redirects
    body: str
    seconds: float


class Client:
    """One browser on the server at `base`: its cookies (none when `cookies` is false)."""

    def __init__(self, base: str, cookies: bool = True) -> None:
        self.base = base
        self.jar = CookieJar()
        handlers: list[urllib.request.BaseHandler] = [_KeepPostAnswer()]
        if cookies:
            handlers.append(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener = urllib.request.build_opener(*handlers)

    def get(self, path: str) -> Answer:
        """GET `path`, timed from the request to the last byte of the body."""
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, form: dict[str, str]) -> Answer:
        request = urllib.request.Request(
            self.base + path,
            data=urlencode(form).encode(),
            headers={"Referer": self.base + path, "Content-Type": "application/x-www-form-urlencoded"},
        )
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> Answer:
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=TIMEOUT_S) as response:
                body = response.read()
                status, url, location = response.status, response.url, ""
        except urllib.error.HTTPError as error:
            body = error.read()
            status, url, location = error.code, error.url, error.headers.get("Location", "")
        seconds = time.perf_counter() - start
        return Answer(status, location or url, body.decode("utf-8", "replace"), seconds)


class _Parser(HTMLParser):
    """The `href` of every `<a>`, and the login form's CSRF token."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.csrf = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        elif tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.csrf = values.get("value") or ""


def parse(html: str) -> _Parser:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser


def links(html: str, url: str, base: str) -> list[str]:
    """The same-site pages `html` (found at `url`) links to, as path and query, as the tour finds them:
    each `href` resolved against the page, fragments dropped, what `SKIP` matches left out."""
    found = []
    for href in parse(html).hrefs:
        absolute = urljoin(url, href)
        if not absolute.startswith(base + "/"):
            continue
        parts = urlsplit(absolute)
        path = parts.path + ("?" + parts.query if parts.query else "")
        if not SKIP.search(path):
            found.append(path)
    return found


def log_in(client: Client, username: str, password: str) -> Answer:
    """Log in with the form as a browser does; the answer to the GET of the login page. Raises
    RuntimeError when the login is refused (the role is named by the caller, never the user)."""
    form = client.get(LOGIN)
    token = parse(form.body).csrf
    if form.status != 200 or not token:
        raise RuntimeError(f"the login page answered {form.status} (CSRF token found: {bool(token)})")
    answer = client.post(LOGIN, {"csrfmiddlewaretoken": token, "username": username, "password": password})
    if answer.status != 302 or urlsplit(answer.url).path != "/":
        raise RuntimeError(f"the login answered {answer.status}, to {urlsplit(answer.url).path!r}")
    return form


def walk(client: Client, role: str, reached: set[str]) -> tuple[list[Page], bool]:
    """Walk `role`'s pages from "/" (breadth first, one a kind); `reached` holds the kinds any role has
    asked for since the server started, and gains this walk's. The pages, and whether LIMIT stopped the
    walk. Raises RuntimeError on a linked page that does not answer 200, naming the page that linked it."""
    pages: dict[str, Page] = {}
    queue = [("/", "")]
    while queue and len(pages) < LIMIT:
        path, source = queue.pop(0)
        if kind(path) in pages:
            continue
        answer = client.get(path)
        landed = urlsplit(answer.url).path
        if answer.status != 200 or landed == LOGIN:  # the login page: the session was lost
            moved = f" (redirected to {landed})" if landed != urlsplit(path).path else ""
            raise RuntimeError(
                f"{path} answered {answer.status}{moved} to the {role}, linked from {source or 'the start'}"
            )
        pages[kind(path)] = Page(role, path, source, answer.seconds, kind(path) not in reached)
        reached.add(kind(path))
        queue += [(p, path) for p in links(answer.body, answer.url, client.base) if kind(p) not in pages]
    return list(pages.values()), bool(queue)


def warm_up(m: Measured, clients: dict[str, Client], repeat: int) -> None:
    """`repeat` rounds: /healthz once, then every page of every role (the login page without cookies)."""
    visitor = Client(clients[m.roles[0]].base, cookies=False)
    for _ in range(repeat):
        m.healthz_warm.append(_ok(visitor.get("/healthz"), "/healthz").seconds)
        for page in m.pages:
            client = visitor if page.role == VISITOR else clients[page.role]
            page.warm.append(_ok(client.get(page.path), page.path).seconds)


def _ok(answer: Answer, path: str) -> Answer:
    if answer.status != 200:
        raise RuntimeError(f"{path} answered {answer.status} when asked again")
    return answer


# ---------------------------------------------------------------------------------------------------
# The data folder and the server


def _env(data_dir: Path, *, key_file: bool = False) -> dict[str, str]:
    """The subprocesses' environment: their own data folder and throw-away key (or the folder's own key
    file, `key_file`), SQLite, plain HTTP."""
    from multitrack.core.crypto import generate_key

    env = {k: v for k, v in os.environ.items() if k not in ("MULTITRACK_KEY", "DATABASE_URL")}
    if not key_file:
        env["MULTITRACK_KEY"] = generate_key()
    env |= {
        "MULTITRACK_DATA_DIR": str(data_dir),
        "MULTITRACK_DEBUG": "0",
        "MULTITRACK_HTTPS": "0",
        "MULTITRACK_ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "multitrack.web.settings",
    }
    return env


def _run(command: list[str], env: dict[str, str]) -> str:
    """Run `command`; its standard output. Raises RuntimeError with its error output when it fails."""
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:  # named by the module and its first two arguments (never the password)
        raise RuntimeError(f"{' '.join(command[2:5])} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


@dataclass(frozen=True)
class Demo:
    """The demo's users who log in (role → username) and their password."""

    users: dict[str, str]
    password: str


def prepare(env: dict[str, str], *, load: bool = True, analyst: bool = True) -> Demo:
    """Load the demo into the data folder of `env` (unless it is there) and make the analyst (when one
    walks), in every demo compartment."""
    if load:
        _run([*MULTITRACK, "demo", "--no-serve"], env)
    facts = json.loads(_run([sys.executable, "-m", "benchmarks.bench_pages", "facts"], env))
    for compartment in facts["compartments"] if analyst else []:  # createuser: one role a run
        role = ["--compartment", compartment, "--role", "analyst"]
        _run([*MULTITRACK, "createuser", ANALYST, "--password", facts["password"], *role], env)
    return Demo({"owner": facts["owner"], "analyst": ANALYST, "funder": facts["funder"]}, facts["password"])


def _facts() -> None:
    """Print the demo's users, password and compartments as JSON (run in a subprocess: Django's side)."""
    import django

    django.setup()
    from multitrack import demo

    compartments = [c.name for c in demo.dataset.demo_compartments().order_by("name")]
    print(
        json.dumps(
            {
                "owner": demo.DEMO_USER,
                "funder": demo.DEMO_FUNDER,
                "password": demo.DEMO_PASSWORD,
                "compartments": compartments,
            }
        )
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(env: dict[str, str], folder: Path) -> Iterator[tuple[str, float]]:
    """`multitrack serve` on a free port of 127.0.0.1 until the block ends: its URL, and the time of the
    first request it answered (/healthz, cold)."""
    port = _free_port()
    log = (folder / "server.log").open("wb")
    command = [*MULTITRACK, "serve", "--host", HOST, "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        first = _first_healthz(url, process, folder)
        _warmed(folder)
        yield url, first
    finally:
        stop(process)
        log.close()


def _first_healthz(url: str, process: subprocess.Popen[bytes], folder: Path) -> float:
    """Wait for the server (60 s at most); the time of its first answer to /healthz."""
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {(folder / 'server.log').read_text()[-2000:]}")
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=TIMEOUT_S) as response:
                response.read()
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer within 60 s") from None
            time.sleep(0.1)


def _warmed(folder: Path) -> None:
    """Wait for the server's "Warmed at start" line (60 s at most): a page is measured cold as a user
    finds it some seconds after a restart, not while the start-up's warming competes with it."""
    deadline = time.monotonic() + 60
    while "Warmed at start" not in (folder / "server.log").read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not say it had warmed within 60 s")
        time.sleep(0.2)


def measure(roles: Sequence[str] = ROLES, repeat: int = REPEAT, demo_dir: Path | None = None) -> Measured:
    """Set up the demo, serve it, walk each role's pages (cold), then ask them again (warm). `demo_dir`: a
    data folder where the demo is loaded already, with its own key file (copied, never changed)."""
    unknown = set(roles) - set(ALL_ROLES)
    if unknown or not roles:
        raise ValueError(f"roles are among {', '.join(ALL_ROLES)}, not {', '.join(sorted(unknown))!r}")
    roles = tuple(role for role in ALL_ROLES if role in roles)  # always in the same order
    m = Measured(roles, repeat)
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="multitrack-pages-") as tmp:
        folder = Path(tmp)
        if demo_dir is not None:
            shutil.copytree(demo_dir, folder / "data")
        env = _env(folder / "data", key_file=demo_dir is not None)
        demo = prepare(env, load=demo_dir is None, analyst="analyst" in roles)
        with _server(env, folder) as (base, healthz_cold_s):
            m.healthz_cold_s = healthz_cold_s
            clients: dict[str, Client] = {}
            reached: set[str] = set()
            for role in roles:
                clients[role] = Client(base)
                form = log_in(clients[role], demo.users[role], demo.password)
                if not reached:  # the first request after /healthz: the login page, cold
                    m.pages.append(Page(VISITOR, LOGIN, "", form.seconds, cold=True))
                    reached.add(kind(LOGIN))
                pages, limited = walk(clients[role], role, reached)
                m.pages += pages
                if limited:
                    m.limited.append(role)
            warm_up(m, clients, repeat)
    m.load_average = (before, os.getloadavg()[0])
    return m


# ---------------------------------------------------------------------------------------------------
# The report


def _row(page: Page, seconds: float, floor_s: float) -> Line:
    return Line(
        f"  {seconds * 1000:8.1f} ms  {page.role:<8} {page.path:<60} ÷ /healthz ×{seconds / floor_s:6.1f}"
    )


def _over(pages: list[tuple[Page, float]], target_s: float) -> str:
    over = [f"{page.role} {page.path} {s * 1000:.0f} ms" for page, s in pages if s > target_s]
    return f"{len(over)} of {len(pages)} over" + (f": {'; '.join(over)}" if over else "")


def report(m: Measured) -> list[Line]:
    cold = sorted(((p, p.first_s) for p in m.pages if p.cold), key=lambda x: -x[1])
    warm = sorted(((p, p.warm_s) for p in m.pages), key=lambda x: -x[1])
    counts = ", ".join(f"{role} {len(m.of(role))}" for role in m.roles)
    lines = [
        Line(
            f"Kinds of page walked (one page a kind, from /, as the browser tour does): {counts}; and the "
            f"login page (visitor). Load average {m.load_average[0]:.2f} before, {m.load_average[1]:.2f} "
            "after"
        ),
        Line(
            f"Baseline /healthz: cold {m.healthz_cold_s * 1000:.1f} ms (the first request after the start), "
            f"warm {m.healthz_warm_s * 1000:.1f} ms (median of {m.repeat})"
        ),
        Line(f"Slowest {SLOWEST} cold (the first GET of a kind since the start, by the first role there):"),
        *[_row(page, s, m.healthz_cold_s) for page, s in cold[:SLOWEST]],
        Line(f"Slowest {SLOWEST} warm (median of {m.repeat} GETs, each page of each role):"),
        *[_row(page, s, m.healthz_warm_s) for page, s in warm[:SLOWEST]],
        Line(f"Target warm ≤ {TARGET_WARM_S * 1000:.0f} ms: {_over(warm, TARGET_WARM_S)}"),
        Line(f"Target cold ≤ {TARGET_COLD_S * 1000:.0f} ms: {_over(cold, TARGET_COLD_S)}"),
    ]
    if m.limited:
        lines.append(Line(f"The walk stopped at {LIMIT} kinds for: {', '.join(m.limited)}"))
    return lines


def run(roles: Sequence[str] = ROLES, repeat: int = REPEAT) -> Iterator[Line]:
    """The report, once every role has been walked and asked again (about two minutes for all three)."""
    yield from report(measure(roles, repeat))


if __name__ == "__main__":
    if len(sys.argv) == 1:
        for line in run():
            print(line.line(), flush=True)
    elif sys.argv[1] == "facts":
        _facts()
    else:
        raise SystemExit(f"unknown role {sys.argv[1]!r}")
