"""Warm at start what the first requests after a restart would otherwise pay for (issue 17: no page over
1 s cold).

Measured in `python -m benchmarks pages`: the URL configuration with every view module (~1 s, paid by
whichever page is asked first), scikit-learn's clustering for a consultation's opinion groups (~1.3 s),
SciPy's solvers for suppression and linkage, the brokerage kernel (compiled by numba, loaded from its cache),
vl-convert's engine for the charts drawn on the server (the contribution story's, ~0.75 s),
the screening index over the imported lists (rigour's name models, several seconds; used when an actor
is saved and screened), and the inclusion page's first question as a funder sees it (suppressed together).
`multitrack serve` loads the URL configuration before it listens, then runs `warm`
in a background thread, so that the server answers at once (a request that comes first does the same work
itself), and prints "Warmed at start: …" when done.
"""

from __future__ import annotations

import functools
import importlib
import logging
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

# Imported by the pages lazily (so that commands which never need them start fast).
MODULES = ("sklearn.cluster", "scipy.spatial", "scipy.optimize", "scipy.sparse.csgraph")
SCOPES = 20  # inclusion questions warmed: one for each distinct set of compartments a funder reads


def warm() -> list[str]:
    """Load everything above; what was warmed, each with its time (for the log)."""
    done = []

    def step(name: str, work: Callable[[], object]) -> None:
        start = time.perf_counter()
        try:
            work()
        except Exception:  # warming is an optimisation: a failure here must not stop the server
            logger.exception("warming %s failed", name)
            return
        done.append(f"{name} {time.perf_counter() - start:.2f} s")

    step("urls", _urls)
    for module in MODULES:
        step(module, functools.partial(importlib.import_module, module))
    step("brokerage", _brokerage)
    step("vl-convert", _vl_convert)
    step("screening index", _screening_index)
    step("inclusion", _inclusion)
    return done


def in_background(report: Callable[[str], None]) -> threading.Thread:
    """Load the URL configuration (before the server listens: every request needs it), then run `warm`
    in a daemon thread; `report` gets one line when it is done."""
    _urls()
    thread = threading.Thread(target=_warm_and_report, args=(report,), name="multitrack-warm", daemon=True)
    thread.start()
    return thread


def _warm_and_report(report: Callable[[str], None]) -> None:
    from django.db import connections

    try:
        report(f"Warmed at start: {'; '.join(warm())}")
    finally:
        connections.close_all()  # this thread's own connections


def _urls() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module)


def _brokerage() -> None:
    import numpy as np

    from multitrack.core.brokerage import adjacency, brokerage_counts

    adj = adjacency(3, np.array([0, 1]), np.array([1, 2]))
    brokerage_counts(adj, np.array([0, 1, 2]))


def _vl_convert() -> None:
    """Charts drawn on the server (the contribution story's, downloads): its first drawing starts the
    converter's JavaScript engine (~0.75 s)."""
    import vl_convert

    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {}})


def _screening_index() -> None:
    from multitrack.web.screening.services import screen

    if screen.active_entities().exists():
        screen.current_index()


def _inclusion() -> None:
    """The inclusion page's first question as each funder sees it (published: suppressed together, seconds
    on dense tables), for at most `SCOPES` distinct sets of compartments; the result is remembered by the
    counts, so whoever asks the same question over the same data gets it at once."""
    from django.contrib.auth import get_user_model

    from multitrack.web.accounts.access import compartment_ids
    from multitrack.web.accounts.models import Membership
    from multitrack.web.inclusion.services.analysis import Query, analyse

    funders = Membership.objects.filter(role="funder").values_list("user_id", flat=True).distinct()
    scopes: set[frozenset[int]] = set()
    for user in get_user_model().objects.filter(pk__in=funders, is_active=True).order_by("pk"):
        scope = frozenset(compartment_ids(user, "aggregates"))
        if scope not in scopes and len(scopes) < SCOPES:
            scopes.add(scope)
            analyse(user, Query(), published=True)
