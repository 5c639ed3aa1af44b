"""The fictional demo, loaded above the domain apps the way a shell would: through their models and services.

`dataset` writes the demo file (sources.demo_file reads and checks it), `consultation` the consultation it
generates and `coordination` the fictional partner organisations. `load_all` is what `multitrack demo`
loads, each part once, so that running it again changes nothing; `card_token` gives a fresh invitation card
of the demo consultation each time.

The demo's users log in with the password below; they are not the file's `dataset.DEMO_USER`, the analyst
who records the demo's judgements and cannot log in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.contrib.auth import get_user_model

from multitrack.sources import demo_trackone
from multitrack.sources.demo_file import DEMO_WATCHLIST
from multitrack.sources.ucdp import UCDP_ACD
from multitrack.sources.watchlists.read import read
from multitrack.web.accounts.models import Membership
from multitrack.web.consultations.models import Consultation
from multitrack.web.landscape import services as landscape
from multitrack.web.landscape.models import Dataset
from multitrack.web.registry.models import Actor
from multitrack.web.screening.models import WatchlistImport
from multitrack.web.screening.services import lists as screening
from multitrack.web.screening.services.screen import current_index, screen_actors
from multitrack.web.ucdp import services as ucdp
from multitrack.web.ucdp.models import UcdpImport

from . import coordination, dataset
from .consultation import TITLE, demo_card

DEMO_USER = "demo"
DEMO_PASSWORD = "multitrack-demo"
DEMO_FUNDER = "demo-funder"


def load_all(data_dir: Path) -> Iterator[str]:
    """Load the demo, each part once; yields a line to print as each part is done (none for a part that
    was there already). `data_dir` receives the fictional Track One files."""
    yield f"Demo data: {load_dataset()}"
    yield from load_ucdp()
    yield from load_track_one(data_dir)
    yield from load_coordination()
    yield from load_watchlist()


def load_dataset() -> dataset.LoadSummary:
    """The demo file, once; and the demo's users, with their password and their roles in its compartments."""
    summary = dataset.load()
    for username, role in ((DEMO_USER, "owner"), (DEMO_FUNDER, "funder")):
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.set_password(DEMO_PASSWORD)
        user.save()
        for compartment in dataset.demo_compartments():
            Membership.objects.get_or_create(user=user, compartment=compartment, defaults={"role": role})
    return summary


def load_ucdp() -> Iterator[str]:
    """Import the shipped UCDP/PRIO Armed Conflict Dataset once, so that the chart has real figures."""
    if not UcdpImport.objects.filter(dataset="acd").exists():
        report = ucdp.import_acd(UCDP_ACD)
        yield f"{UCDP_ACD}: {report}"


def load_track_one(data_dir: Path) -> Iterator[str]:
    """Import the demo's fictional Track One files (PA-X, MEND, PADD layouts) once, so that the landscape
    pages show agreements and mediation beside the demo's initiatives."""
    if Dataset.objects.exists():
        return
    files = demo_trackone.write(data_dir / "demo-track-one")
    for kind, version in (("pax", None), ("mend", "demo"), ("padd", "demo")):
        report = landscape.import_file(kind, files[kind], version=version)
        yield f"{files[kind]}: {report}"


def load_coordination() -> Iterator[str]:
    """Two fictional partner organisations sharing cards with the demo's organisation, once."""
    summary = coordination.load(get_user_model().objects.get(username=DEMO_USER), DEMO_PASSWORD)
    if summary:
        yield summary


def load_watchlist() -> Iterator[str]:
    """Import the fictional demo sanctions list once and screen the demo actors against it, so that the
    review queue has hits to decide (the real UN and OFAC lists are imported with `watchlist import`)."""
    path = DEMO_WATCHLIST
    parsed = read("ftm", path)
    if WatchlistImport.objects.filter(source="ftm", file_hash=parsed.file_hash).exists():
        return
    run = screening.store(parsed, path.name)
    actors = Actor.objects.filter(compartment__in=dataset.demo_compartments())
    report = screen_actors(actors, current_index(), scope="the demo actors")
    yield f"Demo sanctions list: {run.total} entries imported; {report}"


def card_token() -> str | None:
    """A fresh invitation card of the demo consultation, to try the participant's page (no login): its
    token, or None when there is no demo consultation."""
    consultation = Consultation.objects.filter(title=TITLE, initiative__ref__startswith="demo-").first()
    return demo_card(consultation) if consultation is not None else None
