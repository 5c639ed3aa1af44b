"""A shared card follows what may be known of its initiative: when the initiative becomes confidential or
secret, or moves to another organisation's compartment, its card is withdrawn from every space and its
content forgotten — the next owner shares it again only if they choose to."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from multitrack.web.registry.models import Initiative

from .models import SHAREABLE, Card

_BEFORE = "_coordination_before"


@receiver(pre_save, sender=Initiative)
def _remember(sender: Any, instance: Initiative, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    before = Initiative.objects.filter(pk=instance.pk).values_list(
        "discretion", "compartment__organisation_id"
    ).first()  # fmt: skip
    setattr(instance, _BEFORE, before)


@receiver(post_save, sender=Initiative)
def _withdraw_when_no_longer_shareable(
    sender: Any, instance: Initiative, raw: bool = False, **kwargs: Any
) -> None:
    before = getattr(instance, _BEFORE, None)
    if raw or before is None:
        return
    card = Card.objects.filter(initiative=instance).first()
    if card is None or (not card.content and not card.spaces.exists()):
        return
    moved = instance.compartment.organisation_id != before[1]
    if instance.discretion not in SHAREABLE or moved:
        card.spaces.clear()
        card.content, card.shared_at = {}, None
        card.save()
