"""`multitrack init`, `createuser` and `settings`: idempotent set-up with exact messages."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from multitrack import config
from multitrack.cli import app

pytestmark = pytest.mark.slow  # run first: see tests/conftest.py

runner = CliRunner()


@pytest.mark.django_db
def test_init_is_idempotent_and_creates_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(tmp_path / "data"))
    first = runner.invoke(app, ["init"])
    second = runner.invoke(app, ["init"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert "Ready: migrations applied, keys in place." in second.stdout
    assert not (tmp_path / "data" / "multitrack.key").exists()  # the key comes from MULTITRACK_KEY here


def test_key_file_is_created_once_with_mode_0600(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MULTITRACK_KEY")
    key = config.ensure_key_file()
    assert key == tmp_path / "multitrack.key"
    first = key.read_text()
    assert config.ensure_key_file() == key and key.read_text() == first
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(first.strip()) == 43 and first.endswith("\n")
    assert config.key_lines() == [first.strip()]


def test_secret_key_is_generated_once_and_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MULTITRACK_SECRET_KEY", raising=False)
    first = config.secret_key()
    assert config.secret_key() == first and len(first) >= 50
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    monkeypatch.setenv("MULTITRACK_SECRET_KEY", "from-the-environment")
    assert config.secret_key() == "from-the-environment"


def test_bad_settings_fail_with_the_setting_named(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MULTITRACK_PAGE_SIZE", "many")
    with pytest.raises(
        config.ConfigError, match=r"^MULTITRACK_PAGE_SIZE: expected a whole number, got 'many'$"
    ):
        config.integer("MULTITRACK_PAGE_SIZE")
    monkeypatch.setenv("DATABASE_URL", "mysql://x")
    with pytest.raises(config.ConfigError, match=r"^DATABASE_URL: expected a postgres://"):
        config.database_url()


@pytest.mark.django_db
def test_createuser_then_reset_password(monkeypatch: pytest.MonkeyPatch):
    result = runner.invoke(app, ["createuser", "mediator", "--password", "a-long-test-password"])
    assert (result.exit_code, result.stdout) == (0, "Created user mediator.\n")
    user = get_user_model().objects.get(username="mediator")
    assert user.check_password("a-long-test-password") and not user.is_superuser
    monkeypatch.setenv("MULTITRACK_PASSWORD", "another-long-password")
    again = runner.invoke(app, ["createuser", "mediator"])
    assert (again.exit_code, again.stdout) == (0, "Updated user mediator.\n")
    user.refresh_from_db()
    assert user.check_password("another-long-password")


@pytest.mark.django_db
def test_createuser_refuses_weak_or_missing_password(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MULTITRACK_PASSWORD", raising=False)
    weak = runner.invoke(app, ["createuser", "mediator", "--password", "short"])
    assert weak.exit_code == 2
    assert weak.stderr.startswith("Error: password rejected: This password is too short.")
    missing = runner.invoke(app, ["createuser", "mediator"])
    assert missing.exit_code == 2
    assert missing.stderr == "Error: give a password with --password or the MULTITRACK_PASSWORD variable\n"
    assert not get_user_model().objects.exists()


def test_settings_lists_every_setting_and_hides_secrets(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MULTITRACK_SECRET_KEY", "very-secret-value")
    monkeypatch.setenv("DATABASE_URL", "postgres://user:hunter2@db.example:5432/mt")
    result = runner.invoke(app, ["settings"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for setting in config.SETTINGS:
        assert setting.name in result.stdout
    assert "very-secret-value" not in result.stdout and "hunter2" not in result.stdout


@pytest.mark.django_db
def test_demo_loads_once_and_prints_the_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MULTITRACK_DATA_DIR", str(tmp_path))
    first = runner.invoke(app, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Demo data: 2 contexts, 68 actors, 11 initiatives")
    assert (
        "Log in at http://127.0.0.1:8000/ as user 'demo' (owner) or 'demo-funder' (funder: aggregates only), "
        "password 'multitrack-demo'." in first.stdout
    )
    # the shipped UCDP/PRIO Armed Conflict Dataset is imported once, for the chart
    assert "UCDP acd version 25.1: 2752 rows read, 2752 added" in first.stdout
    # the fictional demo sanctions list is imported once and the demo actors screened against it
    assert "Demo sanctions list: 7 entries imported; 68 actor(s) screened: 4 new hit(s)" in first.stdout
    # fictional Track One files in the published layouts, linked to the demo's contexts, imported once
    assert "PA-X version v6, v6 layout: 11 agreements imported" in first.stdout
    assert "MEND version demo: 15 mediation events imported" in first.stdout
    # two fictional partner organisations sharing cards in a coordination space with the demo's
    assert "Coordination: 2 partner organisations, 6 cards shared in 'Northern Highlands coordination'" in (
        first.stdout
    )
    second = runner.invoke(app, ["demo", "--no-serve"])
    assert second.exit_code == 0 and "already loaded" in second.stdout
    assert "UCDP" not in second.stdout and "sanctions" not in second.stdout and "PA-X" not in second.stdout
    assert "Coordination" not in second.stdout
    from multitrack.web.landscape.context import build
    from multitrack.web.landscape.models import Dataset
    from multitrack.web.registry.models import Context

    assert Dataset.objects.count() == 3
    highlands = build(Context.objects.get(name__startswith="Republic of Veloria"), None)
    assert len(highlands.agreements) == 11 and len(highlands.events) == 15
    from multitrack.web.screening.models import ScreeningHit, WatchlistImport
    from multitrack.web.ucdp.models import UcdpImport

    assert UcdpImport.objects.count() == 1
    assert WatchlistImport.objects.filter(source="ftm").count() == 1
    hits = ScreeningHit.objects.filter(open=True).values_list("actor__ref", "entity__entry_id")
    assert set(hits) == {
        ("demo-A-004", "vrl-org-thlm"),  # the listed armed movement
        ("demo-A-040", "vrl-person-voln"),
        ("demo-A-041", "vrl-person-sereth"),
        ("demo-A-047", "vrl-person-garow"),  # one letter from a demo actor's name: for the reviewer to decide
    }
    user = get_user_model().objects.get(username="demo")
    assert user.check_password("multitrack-demo")
