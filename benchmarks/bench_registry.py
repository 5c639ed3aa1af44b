"""Classifying a page of initiatives: the prefetching query set against one query per row.

Workload: `Initiative.objects.for_classification()` then `classification()` for each of 300
initiatives with 8 participants each. Baseline: the same with plain `Initiative.objects.all()`, which
loads participations and actors row by row (the N+1 pattern the list pages must avoid).
"""

from __future__ import annotations

from datetime import date

from benchmarks.harness import Result, compare


def populate(n_initiatives: int = 300, per_initiative: int = 8) -> None:
    from multitrack.web.accounts.models import Compartment
    from multitrack.web.registry.models import Actor, Context, Initiative, Participation

    compartment = Compartment.objects.create(name="Benchmark compartment")
    context = Context.objects.create(name="Benchmark context")
    levels = ["top", "middle", "grassroots"]
    statuses = ["serving_official", "former_official", "unofficial"]
    actors = [
        Actor.objects.create(
            kind="person",
            name=f"Bench {i}",
            level=levels[i % 3],
            official_status=statuses[i % 3],
            compartment=compartment,
        )
        for i in range(200)
    ]
    for i in range(n_initiatives):
        initiative = Initiative.objects.create(
            compartment=compartment,
            context=context,
            title=f"Initiative {i}",
            format="dialogue_series",
            third_party_type="ngo_mediator",
            objectives=["relationship_building"],
            start_date=date(2024, 1, 1),
        )
        Participation.objects.bulk_create(
            Participation(initiative=initiative, actor=actors[(i * 7 + k) % len(actors)], role="participant")
            for k in range(per_initiative)
        )


def run() -> list[Result]:
    from multitrack.web.registry.models import Initiative

    populate()

    def prefetched() -> None:
        for initiative in Initiative.objects.for_classification():
            initiative.classification()

    def per_row() -> None:
        for initiative in Initiative.objects.all():
            initiative.classification()

    return [compare("classify 300 initiatives (prefetched)", prefetched, "one query per row", per_row)]
