"""Theories of change: dated versions per initiative (or for a portfolio of a compartment).

A version is a draft until it is saved; from then on its content (elements, links, assumptions and
risks) never changes: `save()` and `delete()` refuse, and a new version starts as a copy that keeps the
elements' keys, so that two versions can be compared. Labels, rationales and notes are encrypted: a
theory of change names the people and channels an initiative works through.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from multitrack.core import toc as core
from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedCharField, EncryptedTextField
from multitrack.web.registry import choices
from multitrack.web.versioning import SavedVersionError, VersionContent, Versioned


class SavedToc(SavedVersionError):
    """An attempt to change the content of a saved (immutable) theory-of-change version."""

    message_text = _(
        "Theory of change %(id)s is a saved version and cannot change; start a new version from it."
    )


def new_key() -> str:
    return uuid.uuid4().hex[:12]


class TocQuerySet(CompartmentQuerySet["TheoryOfChange"]):
    pass


class TheoryOfChange(Versioned):
    compartment = models.ForeignKey(
        "accounts.Compartment",
        verbose_name=_("compartment"),
        on_delete=models.PROTECT,
        related_name="theories_of_change",
    )
    initiative = models.ForeignKey(
        "registry.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="theories_of_change",
        help_text=_("Blank for a portfolio theory of change covering several initiatives."),
    )
    title = models.CharField(_("title"), max_length=200)
    as_of = models.DateField(_("date"), help_text=_("When this version of the theory was set out."))

    objects = TocQuerySet.as_manager()
    saved_error = SavedToc
    empty_message = _("An empty theory of change cannot be saved; add its elements first.")
    content_name = "elements"

    class Meta:
        ordering = ["title", "as_of", "pk"]
        verbose_name = _("theory of change")
        verbose_name_plural = _("theories of change")

    def __str__(self) -> str:
        return f"Theory of change {self.pk} ({self.as_of:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:toc_detail", args=[self.pk])

    def snapshot(self) -> core.Toc:
        elements = {e.pk: e for e in self.elements.all()}
        links = list(self.links.all())
        by_pk = {link.pk: link for link in links}
        return core.Toc(
            nodes=tuple(core.TocNode(e.key, e.level, e.label) for e in elements.values()),
            links=tuple(
                core.TocLink(elements[link.source_id].key, elements[link.target_id].key, link.rationale)
                for link in links
            ),
            notes=tuple(
                core.TocNote(
                    n.kind,
                    n.text,
                    node=elements[n.element_id].key if n.element_id else "",
                    link=(
                        (elements[by_pk[n.link_id].source_id].key, elements[by_pk[n.link_id].target_id].key)
                        if n.link_id
                        else None
                    ),
                )
                for n in self.toc_notes.all()
            ),
        )

    def problems(self) -> list[str]:
        return core.problems(self.snapshot())

    @transaction.atomic
    def new_version(self, user: Any, *, as_of: Any) -> TheoryOfChange:
        """A draft that starts as a copy of this version, keeping the elements' keys."""
        copy = TheoryOfChange.objects.create(
            compartment=self.compartment,
            initiative=self.initiative,
            title=self.title,
            as_of=as_of,
            based_on=self,
            notes=self.notes,
            created_by=user,
        )
        elements: dict[int, TocElement] = {}
        for e in self.elements.all():
            elements[e.pk] = TocElement.objects.create(toc=copy, key=e.key, level=e.level, label=e.label)
        links: dict[int, TocLink] = {}
        for link in self.links.all():
            links[link.pk] = TocLink.objects.create(
                toc=copy,
                source=elements[link.source_id],
                target=elements[link.target_id],
                rationale=link.rationale,
            )
        for n in self.toc_notes.all():
            TocNote.objects.create(
                toc=copy,
                kind=n.kind,
                text=n.text,
                element=elements[n.element_id] if n.element_id else None,
                link=links[n.link_id] if n.link_id else None,
            )
        return copy


class TocContent(VersionContent):
    """Rows that are part of a version's content: they change only while the version is a draft."""

    version_field = "toc"

    class Meta:
        abstract = True


class TocElement(TocContent):
    """An activity, output, outcome or impact."""

    toc = models.ForeignKey(TheoryOfChange, on_delete=models.CASCADE, related_name="elements")
    key = models.CharField(max_length=32, default=new_key, editable=False)
    level = models.CharField(_("level"), max_length=10, choices=choices.toc_levels, default="activity")
    label = EncryptedCharField(_("label"))

    class Meta:
        ordering = ["toc", "pk"]
        verbose_name = _("theory-of-change element")
        constraints = [models.UniqueConstraint(fields=["toc", "key"], name="toc_element_key_unique")]

    def __str__(self) -> str:
        return f"ToC element {self.key}"


class TocLink(TocContent):
    """A step of the theory: the source leads to the target, for the reason given."""

    toc = models.ForeignKey(TheoryOfChange, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(
        TocElement, verbose_name=_("from"), on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        TocElement, verbose_name=_("to"), on_delete=models.CASCADE, related_name="links_in"
    )
    rationale = EncryptedTextField(
        _("rationale"), blank=True, help_text=_("Why this step should work: the causal reasoning.")
    )

    class Meta:
        ordering = ["toc", "pk"]
        verbose_name = _("theory-of-change link")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="toc_link_once"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="toc_link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"ToC link {self.pk}"


class TocNote(TocContent):
    """An assumption or a risk on an element or on a link."""

    toc = models.ForeignKey(TheoryOfChange, on_delete=models.CASCADE, related_name="toc_notes")
    kind = models.CharField(_("kind"), max_length=10, choices=choices.toc_notes, default="assumption")
    text = EncryptedTextField(_("text"))
    element = models.ForeignKey(
        TocElement,
        verbose_name=_("on element"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="toc_notes",
    )
    link = models.ForeignKey(
        TocLink,
        verbose_name=_("on link"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="toc_notes",
    )

    class Meta:
        ordering = ["toc", "kind", "pk"]
        verbose_name = _("assumption or risk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(element__isnull=True) | models.Q(link__isnull=True),
                name="toc_note_on_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"ToC {self.kind} {self.pk}"
