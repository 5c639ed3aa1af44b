"""The Track One import benchmark on a small size: the figures are `python -m benchmarks landscape`'s."""

from __future__ import annotations

import pytest
from benchmarks.harness import Result

from benchmarks import bench_landscape as bench
from multitrack.web.landscape.models import Dataset, MediationEvent

pytestmark = pytest.mark.django_db


def test_a_small_mend_like_file_is_imported_again_unchanged_and_a_bad_one_refused():
    lines = bench.run(rows=300)
    text = "\n".join(line.line() for line in lines)
    assert "MEND-like file: 300 events" in text
    assert "(nothing changed)" in text
    assert "bad.csv: row 301, column med_type: unknown type 'X'" in text
    assert "— PASS" in text
    (result,) = [line for line in lines if isinstance(line, Result)]
    assert result.workload_s > 0 and result.baseline_s > 0
    assert list(Dataset.objects.values_list("version", flat=True)) == ["bench"]  # baseline rolled back
    assert MediationEvent.objects.count() == 300


def test_the_generated_events_vary_as_meds_do():
    events = bench.events(50)
    assert len({e.event_id for e in events}) == 50
    assert {len(e.third_parties) for e in events} >= {1, 2, 3}
    assert all("\n" in e.summary for e in events) and sum(e.agreement for e in events) == 10
