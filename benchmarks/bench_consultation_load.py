"""Consultation voting under load: `USERS` (200) participants voting for `SECONDS` (60) on the real server.

For each database (SQLite in a fresh data folder; PostgreSQL in a fresh database on the local server at
127.0.0.1:5432, created and dropped here, skipped with a line when it does not answer): `multitrack init`,
a consultation with `STATEMENTS` (30) accepted statements and one invitation card a user (plus
`SINGLE_CARDS` for the uncontended baseline; tokens are shown once, written to a 0600 file in the temporary
folder), then the real server, `multitrack serve --threads THREADS` on a free port of 127.0.0.1: waitress
with 8 threads, the serve default (`multitrack demo` uses it too), so that what is measured is what is
deployed. Nothing but 127.0.0.1 is ever contacted; the server, the folder and the database are removed.

Load (locust as a library, FastHttpUser, no web UI, in its own process: importing locust monkey-patches
the standard library with gevent, which the parent and the test process must not get): each user owns one
card, starts once (POST /c/<token>/start/ lang=en, then GET the page), then loops: read (wait 1 to 3 s),
then vote as the page does. Nine cards in ten run the page's script (htmx): the vote POST carries
`HX-Request` and its answer is the next statement's card, parsed for the statement's number — one request a
vote, as on a phone with JavaScript. Every tenth card has no JavaScript: the POST's redirect is not
followed by the client (so the vote's own latency is measured), then the page it names is loaded. A card
that has voted on every statement changes its mind on one it voted on (a new Vote row: the latest counts).
The wait keeps each card under the rate limit (`actions.VOTES_PER_MINUTE` = 60 a card): two votes of a
card are more than 1 s apart, so a vote finds at most 59 others in the minute before it (≈ 30 a minute on
average). Users are spawned over `RAMP_S` seconds; at the end, users finish the request they are in
(stop_timeout), so that no vote is cut off between the server's write and the client's reading of it.
Each user keeps its connection open between requests, as a phone's browser does.

Check: every vote the server took (answered with the next card, or 302) is recorded as (card, statement,
value); once the server has stopped, the Vote rows of the consultation are read back and compared with them as
a multiset: no vote lost, none doubled, none attributed to another card or statement. POSTs that got no answer
(time-out, connection error) are counted apart: their outcome is unknown. The target (vote POST p95 < 200 ms)
is met only when, besides, every user voted and no request failed: a p95 of the votes that got through says
nothing of the users who were not served.

Baselines, in the same run, on the same server: `/healthz` under the same load (same users, same wait, two
GETs an iteration: the floor of the stack, waitress + Django's middleware + the load generator on the
same machine), and the same vote flow by 1 user without waiting, `SINGLE_VOTES` votes over
`SINGLE_CARDS` cards in turn (uncontended: the vote's own cost). Ratios are p95 over p95. Also the CPU
time of the server process and of the load generator, how busy the whole machine was (other work on it
shows there) and its load average, since everything shares this machine's cores.

Environment: MULTITRACK_BENCH_LOAD_USERS, _SECONDS, _THREADS, _DATABASES (e.g. "sqlite"), _PG (the
maintenance database URL). `python -m benchmarks.bench_consultation_load` runs it alone; `measure()` takes
the same and the number of statements and the reading time.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from benchmarks.harness import Line, stop

USERS = int(os.environ.get("MULTITRACK_BENCH_LOAD_USERS", "200"))
SECONDS = float(os.environ.get("MULTITRACK_BENCH_LOAD_SECONDS", "60"))
THREADS = int(os.environ.get("MULTITRACK_BENCH_LOAD_THREADS", "8"))
DATABASES = tuple(os.environ.get("MULTITRACK_BENCH_LOAD_DATABASES", "sqlite,postgresql").split(","))
PG_ADMIN = os.environ.get("MULTITRACK_BENCH_LOAD_PG", "postgres://postgres@127.0.0.1:5432/postgres")
STATEMENTS = 30
SINGLE_CARDS = 20
SINGLE_VOTES = 100
WAIT_S = (1.0, 3.0)
RAMP_S = 2.0
NETWORK_TIMEOUT_S = 30.0  # a request unanswered this long is an error (and its vote's outcome unknown)
TARGET_P95_MS = 200.0
HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
MULTITRACK = [sys.executable, "-m", "multitrack.cli"]
PHASES = ("single", "healthz", "votes")
NO_SCRIPT = 10  # every tenth card is a phone without JavaScript
VOTES = ("vote", "vote, no script")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
NEXT = re.compile(r'name="statement" value="(\d+)"')


@dataclass
class Phase:
    """What one locust process measured: every request, and the votes the server accepted."""

    name: str
    users: int
    elapsed_s: float
    requests: list[tuple[str, float, bool, int]]  # (kind, milliseconds, ok, status)
    accepted: list[tuple[int, int, int]]  # (card, statement, value) of each vote taken
    unknown: int  # vote POSTs without an answer
    revotes: int
    errors: dict[str, int]
    server_cpu_s: float = 0.0
    locust_cpu_s: float = 0.0
    machine_busy: float = 0.0  # share of all cores busy (every process: server, load, PostgreSQL)

    def times(self, *kinds: str) -> list[float]:
        return [ms for k, ms, _ok, _status in self.requests if k in kinds]

    def failures(self, kind: str | None = None) -> int:
        return sum(1 for k, _ms, ok, _status in self.requests if not ok and kind in (None, k))


@dataclass
class Measured:
    """One database's run: its three phases and the count of the votes afterwards."""

    database: str
    users: int
    seconds: float
    threads: int
    statements: int = STATEMENTS
    wait: tuple[float, float] = WAIT_S
    load_average: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after the run
    phases: dict[str, Phase] = field(default_factory=dict)
    rows: list[tuple[int, int, int]] = field(default_factory=list)  # (card, statement, value) a Vote row

    @property
    def accepted(self) -> list[tuple[int, int, int]]:
        return [vote for phase in self.phases.values() for vote in phase.accepted]

    @property
    def unknown(self) -> int:
        return sum(phase.unknown for phase in self.phases.values())

    def missing(self) -> Counter[tuple[int, int, int]]:
        """Votes the server accepted that are not in the database (lost)."""
        return Counter(self.accepted) - Counter(self.rows)

    def extra(self) -> Counter[tuple[int, int, int]]:
        """Vote rows no accepted POST accounts for (doubled, or from a POST without an answer)."""
        return Counter(self.rows) - Counter(self.accepted)

    def failures(self) -> int:
        return sum(phase.failures() for phase in self.phases.values())

    def voters(self) -> int:
        """Users of the load who had at least one vote accepted."""
        return len({card for card, _statement, _value in self.phases["votes"].accepted})


# ---------------------------------------------------------------------------------------------------
# The Django side, in subprocesses on the database under test


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multitrack.web.settings")
    import django

    django.setup()


def _setup(folder: Path) -> None:
    """A consultation with STATEMENTS accepted statements and the plan's cards, written to cards.json."""
    _django()
    from multitrack.web.accounts.models import Compartment
    from multitrack.web.consultations.models import Consultation
    from multitrack.web.consultations.services import actions
    from multitrack.web.registry.models import Context, Initiative

    plan = json.loads((folder / "plan.json").read_text())
    initiative = Initiative.objects.create(
        compartment=Compartment.objects.create(name="Load test"),
        context=Context.objects.create(name="Load test"),
        title="Load test",
        format="dialogue_series",
        third_party_type="ngo_mediator",
        objectives=["relationship_building"],
    )
    consultation = Consultation.objects.create(
        initiative=initiative,
        title="load test",
        question={"en": "What should the talks settle first?"},
        languages=["en"],
        moderation="pre",
    )
    for i in range(plan["statements"]):
        actions.add_statement(consultation, {"en": f"Load test statement number {i}."}, None)
    group = actions.groups_from_lines(consultation, ["load test"])[0]
    cards: list[actions.Card] = []
    while len(cards) < plan["cards"]:
        batch = min(actions.MAX_CARDS, plan["cards"] - len(cards))
        cards += actions.issue_cards(consultation, group, batch, None)
    fd = os.open(folder / "cards.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:  # the tokens are shown only once
        json.dump({"consultation": consultation.pk, "cards": [[c.number, c.token] for c in cards]}, fh)


def _count(folder: Path) -> None:
    """Every Vote row of the consultation as (card, statement, value), to votes.json."""
    _django()
    from multitrack.web.consultations.models import Vote

    consultation = json.loads((folder / "cards.json").read_text())["consultation"]
    rows = Vote.objects.filter(consultation_id=consultation).values_list(
        "participant__number", "statement__number", "value"
    )
    (folder / "votes.json").write_text(json.dumps([list(row) for row in rows]))


# ---------------------------------------------------------------------------------------------------
# The load, in its own process (locust monkey-patches the standard library with gevent on import)


def _locust(folder: Path, phase: str) -> None:
    import gevent
    from gevent.event import Event
    from locust import FastHttpUser, between, constant, task
    from locust.env import Environment

    plan = json.loads((folder / "plan.json").read_text())
    host = plan["host"]
    if urlsplit(host).hostname != HOST:
        raise SystemExit(f"refusing to load {host}: only {HOST}")
    cards = [tuple(c) for c in json.loads((folder / "cards.json").read_text())["cards"]]
    single, load = cards[: plan["single_cards"]], cards[plan["single_cards"] :]
    requests: list[tuple[str, float, bool, int]] = []
    accepted: list[tuple[int, int, int]] = []
    counts = Counter[str]()
    errors = Counter[str]()
    done = Event()

    class Card:
        """One participant's state: started or not, the statement on their screen, what they voted on.
        Every `NO_SCRIPT`-th card is a phone without JavaScript (plain forms); the others run the page's
        htmx, as a phone's browser does."""

        def __init__(self, number: int, token: str) -> None:
            self.number, self.token = number, token
            self.home = f"/c/{token}/"
            self.script = number % NO_SCRIPT != 0
            self.started = False
            self.page: str | None = None  # the address to load (after a start, or a vote without script)
            self.statement: int | None = None
            self.voted: list[int] = []
            self.rng = random.Random(number)

        def read(self, html: str) -> bool:
            """Take the next statement from a page or a card; False when the answer shows none and is not
            the "all voted" card either."""
            found = NEXT.search(html)
            if not found and 'name="statement"' in html:
                return False
            self.statement = int(found[1]) if found else None
            return True

    class Participant(FastHttpUser):
        abstract = True
        network_timeout = NETWORK_TIMEOUT_S
        connection_timeout = 10.0

        def step(self, card: Card) -> None:
            """One thing a person does after reading: start, load their page, or vote."""
            if not card.started:
                card.page = self._start(card)
                card.started = card.page is not None
            elif card.page is None:
                number = card.statement
                if number is None:  # every statement voted on: change one's mind on one of them
                    number = card.rng.choice(card.voted)
                    counts["revote"] += 1
                value = card.rng.choice((1, -1, 0))
                if self._vote(card, number, value):
                    accepted.append((card.number, number, value))
                    card.voted.append(number)
                    counts["votes"] += 1
            if card.page is not None:  # the page the redirect names, as a browser loads it
                with self.client.get(card.page, name="page", catch_response=True) as r:
                    if r.status_code == 200 and card.read(r.text or ""):
                        card.page = None
                        r.success()
                    else:
                        errors[f"page {r.status_code}"] += 1
                        r.failure(f"page answered {r.status_code}")

        def _start(self, card: Card) -> str | None:
            """POST the start form (a plain form, with or without script); the address it redirects to."""
            with self.client.post(
                f"{card.home}start/", data="lang=en", headers=FORM, name="start", allow_redirects=False,
                catch_response=True,
            ) as r:  # fmt: skip
                location = (r.headers or {}).get("Location", "") if r.status_code == 302 else ""
                if location.startswith(card.home):
                    r.success()
                    return str(location)
                errors[f"start {r.status_code}"] += 1
                r.failure(f"start answered {r.status_code}")
                return None

        def _vote(self, card: Card, number: int, value: int) -> bool:
            """POST a vote: with script, the answer is the next statement's card (htmx swaps it in); without,
            a redirect to the page, loaded next. True when the server took the vote."""
            kind = "vote" if card.script else "vote, no script"
            headers = FORM | {"HX-Request": "true"} if card.script else FORM
            with self.client.post(
                f"{card.home}vote/", data=f"statement={number}&value={value}", headers=headers, name=kind,
                allow_redirects=False, catch_response=True,
            ) as r:  # fmt: skip
                if card.script and r.status_code == 200 and card.read(r.text or ""):
                    r.success()
                    return True
                location = (r.headers or {}).get("Location", "") if r.status_code == 302 else ""
                if not card.script and location.startswith(card.home):
                    card.page = str(location)
                    r.success()
                    return True
                if r.status_code == 0:
                    counts["unknown"] += 1  # no answer: written or not, nobody knows
                errors[f"{kind} {r.status_code}"] += 1
                r.failure(f"{kind} answered {r.status_code}")
                return False

    class Voter(Participant):
        """A person with one card, reading between votes."""

        wait_time = between(*plan["wait"])

        def on_start(self) -> None:
            self.card = Card(*load.pop())

        @task
        def act(self) -> None:
            self.step(self.card)

    class Sequential(Participant):
        """One user voting with several cards in turn, without waiting: nothing runs beside it."""

        wait_time = constant(0)

        def on_start(self) -> None:
            self.cards = [Card(*c) for c in single]
            self.turn = 0

        @task
        def act(self) -> None:
            if counts["votes"] >= plan["single_votes"]:
                done.set()
                gevent.sleep(1)
                return
            self.step(self.cards[self.turn % len(self.cards)])
            self.turn += 1

    class Floor(FastHttpUser):
        """The same users and wait, asking only /healthz (twice an iteration, as a vote and its page)."""

        wait_time = between(*plan["wait"])
        network_timeout = NETWORK_TIMEOUT_S

        @task
        def act(self) -> None:
            for _ in range(2):
                with self.client.get("/healthz", name="healthz", catch_response=True) as r:
                    if r.status_code == 200:
                        r.success()
                    else:
                        errors[f"healthz {r.status_code}"] += 1
                        r.failure(f"healthz answered {r.status_code}")

    user_class: Any = {"single": Sequential, "healthz": Floor, "votes": Voter}[phase]
    users = 1 if phase == "single" else plan["users"]
    env = Environment(user_classes=[user_class], host=host, stop_timeout=NETWORK_TIMEOUT_S + 5)

    def on_request(request_type: str, name: str, response_time: float, exception: Any, **kw: Any) -> None:
        response = kw.get("response")
        status = int(getattr(response, "status_code", 0) or 0)
        requests.append((name, float(response_time), exception is None, status))

    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    start = time.perf_counter()
    runner.start(users, spawn_rate=max(users / RAMP_S, 10))
    if phase == "single":
        done.wait(timeout=max(plan["seconds"], 60.0))
    else:
        gevent.sleep(plan["seconds"])
    runner.quit()  # users finish the request they are in (stop_timeout), then stop
    elapsed = time.perf_counter() - start
    result = {
        "name": phase,
        "users": users,
        "elapsed_s": elapsed,
        "requests": requests,
        "accepted": accepted,
        "unknown": counts["unknown"],
        "revotes": counts["revote"],
        "errors": dict(errors),
    }
    (folder / f"{phase}.json").write_text(json.dumps(result))


# ---------------------------------------------------------------------------------------------------
# The parent: set up, serve, load, count


def _env(data_dir: Path, database_url: str) -> dict[str, str]:
    """The subprocesses' environment: their own data folder and key file, this database, plain HTTP."""
    env = {k: v for k, v in os.environ.items() if k not in ("MULTITRACK_KEY", "DATABASE_URL")}
    env |= {
        "MULTITRACK_DATA_DIR": str(data_dir),
        "MULTITRACK_DEBUG": "0",
        "MULTITRACK_HTTPS": "0",
        "MULTITRACK_ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "multitrack.web.settings",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _child(role: str, folder: Path, env: dict[str, str], *extra: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_consultation_load", role, str(folder), *extra],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _cpu_s(pid: int) -> float:
    """User + system CPU time of a running process (0 where /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_ticks() -> tuple[int, int]:
    """(busy, all) clock ticks of every core since boot, from /proc/stat ((0, 0) where it is missing)."""
    try:
        ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except OSError:
        return 0, 0
    idle = ticks[3] + ticks[4]  # idle and iowait
    return sum(ticks) - idle, sum(ticks)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def _server(env: dict[str, str], folder: Path, threads: int) -> Iterator[tuple[str, int]]:
    """`multitrack serve` on a free port of 127.0.0.1, until the block ends: (its URL, its pid)."""
    port = _free_port()
    log = (folder / "server.log").open("wb")
    command = [*MULTITRACK, "serve", "--host", HOST, "--port", str(port), "--threads", str(threads)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped: {(folder / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not answer within 60 s") from None
                time.sleep(0.2)
        yield url, process.pid
    finally:
        stop(process)
        log.close()


@contextmanager
def _database(name: str) -> Iterator[str]:
    """A fresh PostgreSQL database `name` on the local server, dropped afterwards: its URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlsplit(PG_ADMIN)._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def pg_reachable() -> str:
    """Empty when the PostgreSQL server answers, else why not."""
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    return ""


def measure(
    database: str,
    users: int = USERS,
    seconds: float = SECONDS,
    threads: int = THREADS,
    statements: int = STATEMENTS,
    single_votes: int = SINGLE_VOTES,
    wait: tuple[float, float] = WAIT_S,
) -> Measured:
    """Set up `database` ("sqlite" or "postgresql"), serve it, run the three phases, count the votes."""
    measured = Measured(database, users, seconds, threads, statements, wait)
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="multitrack-load-") as tmp, _fresh(database) as url:
        folder = Path(tmp)
        env = _env(folder / "data", url)
        subprocess.run([*MULTITRACK, "init"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
        plan = {
            "users": users,
            "seconds": seconds,
            "statements": statements,
            "wait": list(wait),
            "cards": users + SINGLE_CARDS,
            "single_cards": SINGLE_CARDS,
            "single_votes": single_votes,
        }
        (folder / "plan.json").write_text(json.dumps(plan))
        _child("setup", folder, env)
        with _server(env, folder, threads) as (host, pid):
            (folder / "plan.json").write_text(json.dumps(plan | {"host": host}))
            for name in PHASES:
                measured.phases[name] = _phase(name, folder, env, pid)
        _child("count", folder, env)
        measured.rows = [(c, s, v) for c, s, v in json.loads((folder / "votes.json").read_text())]
    measured.load_average = (before, os.getloadavg()[0])
    return measured


def _phase(name: str, folder: Path, env: dict[str, str], server_pid: int) -> Phase:
    """Run one phase's locust process; what it measured, with the CPU time spent meanwhile."""
    server, load, (busy, ticks) = _cpu_s(server_pid), _children_cpu_s(), _machine_ticks()
    _child("locust", folder, env, name)
    phase = Phase(**json.loads((folder / f"{name}.json").read_text()))
    phase.requests = [(k, ms, ok, st) for k, ms, ok, st in phase.requests]
    phase.accepted = [(c, s, v) for c, s, v in phase.accepted]
    phase.server_cpu_s = _cpu_s(server_pid) - server
    phase.locust_cpu_s = _children_cpu_s() - load
    busy_after, ticks_after = _machine_ticks()
    phase.machine_busy = (busy_after - busy) / (ticks_after - ticks) if ticks_after > ticks else float("nan")
    return phase


@contextmanager
def _fresh(database: str) -> Iterator[str]:
    """The DATABASE_URL for `database`: empty for SQLite (the data folder's file), else a fresh PG one."""
    if database == "sqlite":
        yield ""
    else:
        with _database(f"multitrack_load_{os.getpid()}") as url:
            yield url


# ---------------------------------------------------------------------------------------------------
# The report


def _pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def _row(label: str, phase: Phase, *kinds: str) -> Line:
    times = phase.times(*kinds)
    return Line(
        f"  {label:<44} {_pct(times, 50):8.1f} {_pct(times, 95):8.1f} {_pct(times, 99):8.1f} ms "
        f"{len(times) / phase.elapsed_s:8.1f} /s {len(times):8,} {sum(map(phase.failures, kinds)):7,}"
    )


def _per_request(phase: Phase) -> str:
    return f"{phase.server_cpu_s * 1000 / max(len(phase.requests), 1):.1f} ms"


def report(m: Measured) -> list[Line]:
    votes, floor, single = m.phases["votes"], m.phases["healthz"], m.phases["single"]
    vote_p95, floor_p95 = _pct(votes.times(*VOTES), 95), _pct(floor.times("healthz"), 95)
    single_p95 = _pct(single.times(*VOTES), 95)
    missing, extra = m.missing(), m.extra()
    count_ok = not missing and not extra and len(m.accepted) == len(m.rows)
    errors = Counter[str]()
    for phase in m.phases.values():
        errors.update(phase.errors)
    # Met only when every user was served: a p95 over the votes that got through says nothing of the rest.
    met = vote_p95 < TARGET_P95_MS and not m.failures() and m.voters() == m.users
    lines = [
        Line(
            f"{'SQLite (fresh data folder)' if m.database == 'sqlite' else 'PostgreSQL (fresh database)'}: "
            f"{m.users} users × {m.seconds:.0f} s, wait {m.wait[0]:g}–{m.wait[1]:g} s, {m.statements} "
            f"statements, multitrack serve --threads {m.threads} (waitress); latency as the client sees it"
        ),
        Line(f"  {'':<44} {'p50':>8} {'p95':>8} {'p99':>8}    {'rate':>8}   {'requests':>8} {'errors':>7}"),
        _row(f"vote POST, {m.users} users", votes, *VOTES),
        _row("  of which with the page's script (htmx)", votes, "vote"),
        _row("  of which without JavaScript", votes, "vote, no script"),
        _row(f"page GET, {m.users} users", votes, "page"),
        _row(f"start POST, {m.users} users", votes, "start"),
        _row(f"baseline: /healthz, {m.users} users", floor, "healthz"),
        _row(f"baseline: vote POST, 1 user, {len(single.times(*VOTES))} votes", single, *VOTES),
        _row("baseline: page GET, 1 user", single, "page"),
        Line(
            f"  vote p95 under load ÷ /healthz p95 under load ×{vote_p95 / floor_p95:.1f}; "
            f"÷ uncontended vote p95 ×{vote_p95 / single_p95:.1f}"
        ),
        Line(
            f"  Target p95 < {TARGET_P95_MS:.0f} ms a vote POST with {m.users} users, every user served: "
            f"{vote_p95:.1f} ms, {m.voters()} of {m.users} users voted, {m.failures()} failed requests — "
            f"{'PASS' if met else 'MISS'}"
        ),
        Line(
            f"  Count: {len(m.accepted):,} votes the server took, {len(m.rows):,} Vote rows; "
            f"{sum(missing.values())} lost, {sum(extra.values())} unaccounted for, {m.unknown} POSTs "
            f"without an answer, {votes.revotes} changes of mind — {'OK' if count_ok else 'MISMATCH'}"
        ),
    ]
    if missing or extra:
        shown = ", ".join(f"{k}×{n}" for k, n in list((missing + extra).items())[:5])
        lines.append(Line(f"  (card, statement, value) lost or extra, first ones: {shown}"))
    lines.append(
        Line(
            f"  CPU under the vote load: server process {votes.server_cpu_s:.1f} s in {votes.elapsed_s:.0f} s"
            f" ({_per_request(votes)} a request; /healthz load {_per_request(floor)}, 1 user"
            f" {_per_request(single)}), load generator {votes.locust_cpu_s:.1f} s; all {os.cpu_count()} cores"
            f" {votes.machine_busy:.0%} busy (every process); load average {m.load_average[0]:.2f} before the"
            f" run, {m.load_average[1]:.2f} after"
        )
    )
    if errors:
        lines.append(Line(f"  Failed requests by kind and status (0: no answer): {dict(errors)}"))
    return lines


def run(
    users: int = USERS, seconds: float = SECONDS, threads: int = THREADS, databases: Sequence[str] = DATABASES
) -> Iterator[Line]:
    """Each database's report as soon as it is measured (a run takes about 2.5 minutes a database)."""
    for database in databases:
        if database == "postgresql" and (why := pg_reachable()):
            yield Line(f"PostgreSQL at {PG_ADMIN}: not reachable ({why}) — skipped")
            continue
        yield from report(measure(database, users, seconds, threads))


if __name__ == "__main__":
    if len(sys.argv) == 1:
        for line in run():
            print(line.line(), flush=True)
    elif sys.argv[1] == "setup":
        _setup(Path(sys.argv[2]))
    elif sys.argv[1] == "count":
        _count(Path(sys.argv[2]))
    elif sys.argv[1] == "locust":
        _locust(Path(sys.argv[2]), sys.argv[3])
    else:
        raise SystemExit(f"unknown role {sys.argv[1]!r}")
