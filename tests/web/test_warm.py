"""`multitrack serve` warms at start what the first requests would pay for; each step runs, and the
screening index is built over the imported lists."""

from __future__ import annotations

import pytest

from multitrack.web import warm
from multitrack.web.screening.services import screen
from tests import factories as f


@pytest.mark.django_db
def test_every_step_warms_and_the_screening_index_is_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    f.watchlist()
    monkeypatch.setattr(screen, "_cached", None)
    done = warm.warm()
    assert [step.rsplit(" ", 2)[0] for step in done] == [
        "urls",
        *warm.MODULES,
        "brokerage",
        "vl-convert",
        "screening index",
        "inclusion",
    ]
    assert screen._cached is not None  # the next screening uses it at once


@pytest.mark.django_db
def test_a_failing_step_is_logged_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("no models")

    monkeypatch.setattr(warm, "_brokerage", broken)
    done = warm.warm()
    assert "brokerage" not in " ".join(done) and done[-1].startswith("inclusion")
    assert "warming brokerage failed" in caplog.text
