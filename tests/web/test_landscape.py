"""Track One imports and figures on the database: atomic, idempotent, versioned, audited."""

from __future__ import annotations

import pytest

from multitrack.sources import trackone
from multitrack.web.audit.models import AuditEvent
from multitrack.web.landscape import services
from multitrack.web.landscape.models import Agreement, Dataset, Delegation, MediationEvent
from tests import trackone_data as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(tmp_path):
    return {
        "pax-2020": trackone.write_pax(tmp_path / "pax-2020-01.csv", data.release_2020(), "2020-01"),
        "mend": trackone.write_mend(tmp_path / "mend.csv", data.events()),
        "padd": trackone.write_padd(tmp_path / "padd.csv", data.delegations()),
    }


def test_the_january_2020_release_reads_62_agreements_in_2018_with_7_gender_provisions(files):
    report = services.import_file("pax", files["pax-2020"])
    assert str(report) == "PA-X version 2020-01, 2020-01 layout: 183 agreements imported; shown from now on"
    figures = services.agreements_by_year(first=2018, last=2018)
    assert figures == {
        "dataset": "pax", "version": "2020-01",
        "years": [{"year": 2018, "agreements": 62, "gender_provisions": 7}],
    }  # fmt: skip
    assert [y["year"] for y in services.agreements_by_year(first=1990, last=2030)["years"]] == [
        2016, 2017, 2018, 2019,
    ]  # fmt: skip
    assert services.agreements_by_year(first=2025)["years"] == []


def test_the_same_file_again_changes_nothing_and_a_changed_one_replaces_its_version(files, tmp_path):
    services.import_file("pax", files["pax-2020"])
    audited = AuditEvent.objects.count()
    again = services.import_file("pax", files["pax-2020"])
    assert again.outcome == "unchanged" and "nothing changed" in str(again)
    assert Agreement.objects.count() == 183 and AuditEvent.objects.count() == audited
    fewer = trackone.write_pax(tmp_path / "fewer.csv", data.release_2020()[:100], "2020-01")
    replaced = services.import_file("pax", fewer)
    assert replaced.outcome == "replaced" and Agreement.objects.count() == 100
    assert Dataset.objects.get().file_name == "fewer.csv"
    entry = AuditEvent.objects.filter(action="import").latest("pk")
    assert entry.object_type == "landscape.dataset" and "were replaced" in entry.summary


def test_a_newer_version_is_shown_and_the_older_stays_selectable(files, tmp_path):
    services.import_file("pax", files["pax-2020"])
    newer = [*data.release_2020(), data.agreement(999, data.date(2018, 12, 30), gender=True)]
    services.import_file("pax", trackone.write_pax(tmp_path / "pax-v6.csv", newer, "v6"))
    assert services.agreements_by_year(first=2018, last=2018)["years"][0] == {
        "year": 2018, "agreements": 63, "gender_provisions": 8
    }  # fmt: skip
    old = services.agreements_by_year("2020-01", 2018, 2018)
    assert old["version"] == "2020-01" and old["years"][0]["agreements"] == 62
    with pytest.raises(services.LandscapeError, match=r"no PA-X version 'v7'; imported: v6, 2020-01$"):
        services.agreements_by_year("v7")
    shown = {(v["version"], v["shown"]) for v in services.versions()}
    assert shown == {("2020-01", False), ("v6", True)}


def test_a_refused_file_writes_nothing(files, tmp_path):
    services.import_file("mend", files["mend"])
    before = (Dataset.objects.count(), MediationEvent.objects.count(), AuditEvent.objects.count())
    broken = tmp_path / "broken.csv"
    broken.write_text(files["pax-2020"].read_text("utf-8-sig").replace("SubPar", "Peace", 1), "utf-8")
    with pytest.raises(trackone.TrackOneImportError, match=r"broken\.csv: row 2, column Stage"):
        services.import_file("pax", broken)
    with pytest.raises(services.LandscapeError, match="1 to 40 printable characters"):
        services.import_file("pax", files["pax-2020"], version="v6\n")
    assert (Dataset.objects.count(), MediationEvent.objects.count(), AuditEvent.objects.count()) == before
    with pytest.raises(services.LandscapeError, match=r"no PA-X data yet .* run `multitrack import pax"):
        services.agreements_by_year()


def test_mediation_and_delegates_name_their_version(files):
    services.import_file("mend", files["mend"])
    services.import_file("padd", files["padd"])
    mend = services.mediation("third-party")
    assert mend["dataset"] == "mend" and mend["version"] == "2018–2020, 5 events"
    assert mend["rows"][:2] == [{"key": "Oman", "events": 2}, {"key": "UN", "events": 2}]
    assert services.mediation("country")["rows"] == [
        {"key": "Yemen", "events": 3}, {"key": "Colombia", "events": 2}
    ]  # fmt: skip
    with pytest.raises(services.LandscapeError, match="--by must be one of third-party, country, year"):
        services.mediation("party")
    totals = services.delegates()
    assert totals["version"] == "2016–2018, 3 delegations" and totals["overall"]["women"] == 14
    stored = Delegation.objects.get(agreement_id=102)
    assert stored.roles["negotiators"] == [None, None] and stored.signed.year == 2018
    assert MediationEvent.objects.get(event_id="YEM-2").summary.count("\n") == 1


def test_padd_shares_become_reference_lines_for_inclusion(files):
    from multitrack.web.inclusion.models import reference_lines

    before = {line.key for line in reference_lines()}
    assert not any(key.startswith("padd-") for key in before)
    services.import_file("padd", files["padd"], version="Good 2024")
    added = {line.key.split("-women-")[1]: line for line in reference_lines() if line.key.startswith("padd-")}
    assert set(added) == {"signatories", "negotiators", "mediators", "observers"}
    assert added["mediators"].roles == ("facilitator", "insider_mediator")
    assert added["mediators"].share == pytest.approx(1 / 9)
    assert added["signatories"].share == pytest.approx(1 / 22)  # Yemen's signatories: women not counted
    assert added["observers"].period == "2016–2018" and added["observers"].source.endswith(
        "version Good 2024"
    )
    assert {line.key for line in reference_lines()} >= before  # CFR's lines stay
