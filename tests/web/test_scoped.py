"""`for_user` is written once (web/accounts/scoped.py): every model whose rows belong to a compartment
reads them through it, and each one's path to its compartment is a real one."""

from __future__ import annotations

import pytest
from django.apps import apps

from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.registry.models import Actor, Event, Initiative
from tests import factories as f

# The audit log is read by owners of compartments and by the author of each entry: its own rule.
OWN_RULE = {"audit.AuditEvent"}


def scoped_models() -> list[type]:
    return [
        m
        for m in apps.get_models()
        if hasattr(m._default_manager.get_queryset(), "for_user") and m._meta.label not in OWN_RULE
    ]


def test_every_for_user_is_the_one_on_the_common_base():
    found = scoped_models()
    assert len(found) >= 15
    for model in found:
        assert isinstance(model._default_manager.get_queryset(), CompartmentQuerySet), model._meta.label


@pytest.mark.django_db
@pytest.mark.parametrize("capability", ["aggregates", "rows", "write", "reveal", "manage"])
def test_each_path_reaches_a_compartment_and_hides_the_others(user, compartment, capability: str):
    elsewhere = f.compartment()
    mine = f.initiative(compartment=compartment)
    theirs = f.initiative(compartment=elsewhere)
    f.event(mine), f.event(theirs)
    for model in scoped_models():
        model._default_manager.for_user(user, capability).count()  # the lookup path is valid
    # the owner sees their own compartment's rows and none of another's
    assert set(Initiative.objects.for_user(user, capability)) == {mine}
    assert set(Event.objects.for_user(user, capability).values_list("initiative", flat=True)) == {mine.pk}
    assert not Actor.objects.for_user(user, capability).filter(compartment=elsewhere).exists()


@pytest.mark.django_db
def test_the_default_capability_is_the_models_own(compartment):
    from django.contrib.auth import get_user_model

    from multitrack.web.accounts.models import Membership

    funder = get_user_model().objects.create_user("funder-only")
    Membership.objects.create(user=funder, compartment=compartment, role="funder")
    initiative = f.initiative(compartment=compartment)
    f.event(initiative)
    # initiatives default to aggregates (a funder sees titles); events to rows (a funder sees none)
    assert list(Initiative.objects.for_user(funder)) == [initiative]
    assert not Event.objects.for_user(funder).exists()
