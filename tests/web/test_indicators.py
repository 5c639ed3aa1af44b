"""Indicators in the web app and from CSV: targets and values by form, progress and the chart's spec,
disaggregated totals, CSV import with row-level errors (atomic, idempotent), roles and encryption."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.core import indicators as core
from multitrack.sources.csv_file import ImportFailed
from multitrack.web.audit.models import AuditEvent
from multitrack.web.evaluation.models import Indicator, Measurement, Target
from multitrack.web.evaluation.services.indicators import import_values
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db
HEADER = "initiative,indicator,period,category,value,text,source\n"


def test_define_an_indicator_and_follow_its_progress(auth_client, compartment):
    initiative = f.initiative(compartment=compartment)
    toc = f.toc(initiative)
    element = f.toc_element(toc, "Negotiators take up the options", "outcome")
    response = auth_client.post(
        "/evaluation/indicators/new/",
        {
            "initiative": initiative.pk, "code": "OC1", "name": "Options taken up in the talks",
            "kind": "quantitative", "unit": "options", "direction": "increase", "frequency": "year",
            "toc_element": element.pk,
            "baseline_value": "2", "baseline_date": "2024-01-15", "disaggregation": "", "categories": "",
            "data_source": "Mediator's log",
        },
    )  # fmt: skip
    indicator = Indicator.objects.get()
    assert response["Location"] == indicator.get_absolute_url()
    assert indicator.compartment == compartment and indicator.toc_element == element
    base = f"/evaluation/indicators/{indicator.pk}"
    assert auth_client.post(f"{base}/targets/add/", {"period": "2025", "value": "10"}).status_code == 302
    for period, value in (("2024-Q2", "4"), ("2024-q4", "6")):
        data = {"period": period, "category": "", "value": value, "text": "", "source": "log"}
        assert auth_client.post(f"{base}/values/add/", data).status_code == 302
    assert list(Measurement.objects.values_list("period", flat=True)) == ["2024-Q2", "2024-Q4"]
    page = auth_client.get(f"{base}/")
    html = page.content.decode()
    assert "50% of the way from the baseline to the target for 2025 (10), at 6 in 2024-Q4" in html
    spec = page.context["spec"]
    line, targets, baseline = spec["layer"]
    assert [v["value"] for v in line["data"]["values"]] == [4, 6]
    assert targets["data"]["values"] == [{"period": "2025", "slot": "2025-Q4", "value": 10.0}]
    assert baseline["data"]["values"] == [{"value": 2.0}]
    listing = auth_client.get("/evaluation/indicators/").content.decode()
    assert "OC1" in listing and "50%" in listing

    # bad input: the field is named, nothing changes
    html = auth_client.post(f"{base}/values/add/", {"period": "Q4 2024", "value": "3"}).content.decode()
    assert "is not a period" in html
    html = auth_client.post(f"{base}/values/add/", {"period": "2024-Q2", "value": "5"}).content.decode()
    assert "A value for this period and category is already recorded; edit it." in html
    html = auth_client.post(f"{base}/values/add/", {"period": "2025-Q1", "value": ""}).content.decode()
    assert "A quantitative indicator needs a number." in html
    html = auth_client.post(f"{base}/targets/add/", {"period": "2025", "value": "12"}).content.decode()
    assert "already has a target for this period" in html
    assert Measurement.objects.count() == 2 and Target.objects.count() == 1


def test_disaggregated_values_sum_to_the_total_and_a_falling_indicator(auth_client, compartment):
    indicator = f.indicator(
        f.initiative(compartment=compartment),
        name="Violent incidents at the water points",
        unit="incidents",
        direction="decrease",
        baseline_value=40,
        disaggregation="district",
        categories=["north", "south"],
    )
    Target.objects.create(indicator=indicator, period="2025", value=10)
    base = f"/evaluation/indicators/{indicator.pk}"
    for category, value in (("north", "15"), ("south", "10")):
        auth_client.post(f"{base}/values/add/", {"period": "2024", "category": category, "value": value})
    html = auth_client.post(
        f"{base}/values/add/", {"period": "2024", "category": "east", "value": "1"}
    ).content.decode()
    assert "Select a valid choice" in html
    page = auth_client.get(f"{base}/")
    assert page.context["status"].progress == 0.5  # 40 → 25 of the way to 10
    assert "Totals: 2024 25 (sum of the categories)." in page.content.decode()
    series = {v["series"] for v in page.context["spec"]["layer"][0]["data"]["values"]}
    assert series == {"Total", "north", "south"}


def test_a_qualitative_indicator_keeps_its_statements_encrypted(auth_client, compartment):
    indicator = f.indicator(f.initiative(compartment=compartment), code="Q1", kind="qualitative", unit="")
    data = {"period": "2024-H1", "text": "Officials quote the joint paper in the assembly", "value": ""}
    assert auth_client.post(f"/evaluation/indicators/{indicator.pk}/values/add/", data).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM evaluation_measurement")
        (stored,) = cursor.fetchone()
    assert "joint paper" not in stored
    page = auth_client.get(f"/evaluation/indicators/{indicator.pk}/")
    assert page.context["spec"] is None and "Officials quote the joint paper" in page.content.decode()
    events = AuditEvent.objects.filter(object_type="evaluation.measurement")
    assert events.exists() and all(e.compartment_id == compartment.pk for e in events)
    assert "joint paper" not in " ".join(events.values_list("summary", flat=True))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "values.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_import_checks_everything_first_and_is_idempotent(tmp_path, compartment, user):
    initiative = f.initiative(compartment=compartment)
    f.indicator(initiative, categories=["woman", "man"])
    f.indicator(initiative, code="Q1", kind="qualitative")
    bad = write(
        tmp_path,
        HEADER
        + f"{initiative.code},OC1,2024-Q1,woman,3,,log\n"
        + f"{initiative.code},OC1,2024-Q5,,4,,\n"
        + f"{initiative.code},OC9,2024,,1,,\n"
        + f"{initiative.code},OC1,2024-Q1,woman,4,,\n"
        + f"{initiative.code},OC1,2024,child,1,,\n"
        + f"{initiative.code},OC1,2024,,many,,\n"
        + f"{initiative.code},Q1,2024,,,,\n"
        + "I-NONE,OC1,2024,,1,,\n",
    )
    with pytest.raises(ImportFailed) as failure:
        import_values(bad, user)
    assert failure.value.problems == [
        "row 3, field period: '2024-Q5' is not a period: write a year (2024), a half (2024-H1), a quarter "
        "(2024-Q3) or a month (2024-03)",
        "row 4, field indicator: the initiative has no indicator 'OC9'",
        "row 5, field period: the same indicator, period and category as row 2",
        "row 6, field category: not one of woman, man",
        "row 7, field value: 'many' is not a number",
        "row 8, field text: a statement is required for a qualitative indicator",
        "row 9, field initiative: no initiative 'I-NONE' that you may change",
    ]
    assert Measurement.objects.count() == 0

    good = write(
        tmp_path,
        HEADER
        + f"{initiative.code},OC1,2024-q1,woman,3,,log\n"
        + f'{initiative.code},OC1,2024-Q1,man,"4,5",,log\n'
        + f"{initiative.code},Q1,2024,,,Officials quote the paper,interview\n",
    )
    assert str(import_values(good, user)) == "3 added, 0 updated, 0 unchanged"
    assert str(import_values(good, user)) == "0 added, 0 updated, 3 unchanged"
    changed = write(tmp_path, HEADER + f"{initiative.code},OC1,2024-Q1,man,5,,log\n")
    assert str(import_values(changed, user)) == "0 added, 1 updated, 0 unchanged"
    assert Measurement.objects.get(category="man").value == 5
    outside = f.compartment()
    with pytest.raises(ImportFailed) as failure:
        import_values(good, user, {outside.pk})  # the web import passes the user's writable compartments
    assert all("no initiative" in p for p in failure.value.problems)


def test_csv_import_in_the_web_app_and_the_cli(tmp_path, auth_client, compartment):
    initiative = f.initiative(compartment=compartment)
    f.indicator(initiative)
    csv = (HEADER + f"{initiative.code},OC1,2024,,7,,log\n").encode()
    response = auth_client.post(
        "/evaluation/indicators/import/", {"file": SimpleUploadedFile("v.csv", csv, "text/csv")}
    )
    assert response.status_code == 302 and Measurement.objects.get().value == 7
    page = auth_client.post(
        "/evaluation/indicators/import/",
        {"file": SimpleUploadedFile("v.csv", HEADER.encode() + b"I-NONE,OC1,2024,,1,,\n", "text/csv")},
    ).content.decode()
    assert "Nothing was imported" in page and "row 2, field initiative" in page
    analyst = client_with_role("analyst", compartment)
    assert analyst.get("/evaluation/indicators/import/").status_code == 403

    path = write(tmp_path, HEADER + f"{initiative.code},OC1,2025,,9,,log\n")
    result = CliRunner().invoke(app, ["import", "indicator-values", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 added, 0 updated, 0 unchanged" in result.stdout
    bad = write(tmp_path, "initiative,indicator\n")
    result = CliRunner().invoke(app, ["import", "indicator-values", str(bad)])
    assert (
        result.exit_code == 2
        and "header: missing columns: period, category, value, text, source" in result.output
    )


def test_api_and_roles(auth_client, compartment):
    indicator = f.indicator(f.initiative(compartment=compartment), baseline_value=2)
    Target.objects.create(indicator=indicator, period="2025", value=10)
    Measurement.objects.create(indicator=indicator, period="2024", value=6)
    body = auth_client.get(f"/api/indicators/{indicator.pk}").json()
    assert body["code"] == "OC1" and body["totals"] == [
        {"period": "2024", "value": 6.0, "text": "", "derived": False}
    ]
    assert body["status"]["progress"] == 0.5 and body["status"]["target_period"] == "2025"
    listing = auth_client.get(f"/api/indicators?initiative={indicator.initiative.code}").json()
    assert [i["code"] for i in listing["items"]] == ["OC1"]
    funder = client_with_role("funder", compartment)
    assert funder.get(f"/api/indicators/{indicator.pk}").status_code == 404
    assert funder.get(f"/evaluation/indicators/{indicator.pk}/").status_code == 404
    analyst = client_with_role("analyst", compartment)
    html = analyst.get(f"/evaluation/indicators/{indicator.pk}/").content.decode()
    assert "Add a value" not in html and "OC1" in html


def test_frequency_and_the_period_picker(auth_client, compartment):
    initiative = f.initiative(compartment=compartment)
    data = {
        "initiative": initiative.pk, "code": "OC2", "name": "Joint statements", "kind": "quantitative",
        "unit": "statements", "direction": "increase", "frequency": "quarter", "baseline_value": "1",
    }  # fmt: skip
    assert auth_client.post("/evaluation/indicators/new/", data).status_code == 302
    indicator = Indicator.objects.get(code="OC2")
    assert indicator.frequency == "quarter"
    base = f"/evaluation/indicators/{indicator.pk}"
    form = auth_client.get(f"{base}/values/add/").context["form"]
    offered = [value for value, _label in form.fields["pick"].choices][1:]
    today = timezone.localdate()
    assert offered[0] == core.shift(core.period_of(today, "quarter"), 4).label  # one year ahead, newest first
    assert offered[-1] == core.period_of(today.replace(year=today.year - 2, day=1), "quarter").label
    assert all(core.period(label).kind == "quarter" for label in offered)
    # picked, or written (any period), not both
    picked = {"pick": offered[-1], "period": "", "value": "2"}
    assert auth_client.post(f"{base}/values/add/", picked).status_code == 302
    written = {"pick": "", "period": "2020-h1", "value": "3"}
    assert auth_client.post(f"{base}/values/add/", written).status_code == 302
    assert set(Measurement.objects.values_list("period", flat=True)) == {offered[-1], "2020-H1"}
    both = {"pick": offered[0], "period": "2021", "value": "3"}
    assert "not both" in auth_client.post(f"{base}/values/add/", both).content.decode()
    neither = {"pick": "", "period": "", "value": "3"}
    assert (
        "Choose a period, or write one." in auth_client.post(f"{base}/values/add/", neither).content.decode()
    )
    # a value due links to the form with its period chosen; editing shows the stored period picked
    assert (
        auth_client.get(f"{base}/values/add/?period={offered[1]}").context["form"].initial["pick"]
        == offered[1]
    )
    value = Measurement.objects.get(period=offered[-1])
    edit = auth_client.get(f"/evaluation/indicators/values/{value.pk}/edit/").context["form"]
    assert edit.initial["pick"] == offered[-1] and edit.initial["period"] == ""
    body = auth_client.get(f"/api/indicators/{indicator.pk}").json()
    assert body["frequency"] == "quarter"


def test_the_frequency_of_existing_indicators_comes_from_their_values(compartment):
    from django.db import connection as conn
    from django.db.migrations.executor import MigrationExecutor

    indicator = f.indicator(f.initiative(compartment=compartment))
    for label in ("2024-Q1", "2024-Q2", "2024"):
        Measurement.objects.create(indicator=indicator, period=label, value=1)
    executor = MigrationExecutor(conn)
    migration = executor.loader.get_migration("evaluation", "0006_indicator_frequency")
    derive = migration.operations[1].code
    derive(executor.loader.project_state(("evaluation", "0006_indicator_frequency")).apps, None)
    indicator.refresh_from_db()
    assert indicator.frequency == "quarter"


def test_a_target_against_the_direction_is_kept_with_a_warning(auth_client, compartment):
    indicator = f.indicator(f.initiative(compartment=compartment), baseline_value=10, direction="increase")
    base = f"/evaluation/indicators/{indicator.pk}"
    response = auth_client.post(f"{base}/targets/add/", {"period": "2026", "value": "5"}, follow=True)
    assert Target.objects.get().value == 5  # kept
    said = [str(m) for m in response.context["messages"]]
    assert said == [
        "Saved the target.",
        "Check this target: the target for 2026 (5) is below the baseline (10), but the indicator should "
        "increase.",
    ]
    response = auth_client.post(f"{base}/targets/add/", {"period": "2027", "value": "12"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Saved the target."]  # only about this one
    html = response.content.decode()
    assert html.count("(against the direction)") == 1 and "is below the baseline (10)" in html
    # turning the direction round moves the warning, said on saving the indicator
    data = {
        "initiative": indicator.initiative_id, "code": "OC1", "name": indicator.name, "kind": "quantitative",
        "unit": "meetings", "direction": "decrease", "frequency": "year", "baseline_value": "10",
    }  # fmt: skip
    response = auth_client.post(f"{base}/edit/", data, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said[1:] == [
        "Check this target: the target for 2027 (12) is above the baseline (10), but the indicator should "
        "decrease."
    ]
