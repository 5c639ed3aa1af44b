from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multitrack.core.crypto import normalise
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
    keyring,
)

from .. import choices
from .coded import CodedModel
from .fields import CodeListValidator

NAME_INDEX_CONTEXT = "registry_actor.name"


class ActorQuerySet(CompartmentQuerySet["Actor"]):
    def for_user(self, user: Any, capability: str | None = None) -> ActorQuerySet:
        """Actors the user may see: those kept in one of their compartments, and those taking part in
        an initiative of one of them. Nothing says in which other compartments an actor appears."""
        ids = compartment_ids(user, capability or self.default_capability)
        participation = apps.get_model("registry", "Participation")
        in_initiatives = participation.objects.filter(initiative__compartment_id__in=ids).values("actor_id")
        return self.filter(models.Q(compartment_id__in=ids) | models.Q(pk__in=in_initiatives))

    def search(self, query: str, *, by_name: bool = False) -> ActorQuerySet:
        """Match the code or the user's reference; an organisation or group also by part of its name.

        Names are encrypted, so an organisation's name is matched in Python among the actors already
        selected. A person is found by exact name (through the blind index) only when `by_name` is set,
        which callers do only for roles that may see identities.
        """
        query = query.strip()
        if not query:
            return self
        q = models.Q(code__iexact=query) | models.Q(ref__iexact=query)
        if by_name:
            q |= models.Q(name_index=Actor.name_index_of(query))
        needle = normalise(query)
        orgs = self.exclude(kind="person").only("pk", "name")
        q |= models.Q(pk__in=[a.pk for a in orgs if needle in normalise(a.name)])
        return self.filter(q)


PERSON_ONLY_MESSAGE = _("This describes a person: leave it empty for an organisation or a group.")


class Actor(CodedModel):
    """A person, organisation or group. Persons carry a stable pseudonym code.

    Identifying and sensitive fields are encrypted at rest; `name_index` is a keyed hash of the
    normalised name for exact look-up and de-duplication.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=choices.actor_kinds)
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("Stable, random code; for a person it is the pseudonym shown by default."),
    )
    compartment = models.ForeignKey(
        "accounts.Compartment",
        verbose_name=_("compartment"),
        on_delete=models.PROTECT,
        related_name="actors",
        help_text=_("Where this actor is kept. It can still take part in initiatives of other compartments."),
    )
    ref = models.CharField(
        _("your reference"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Optional key from your own records; imports match rows on it. Never put a name here."),
    )
    name = EncryptedCharField(_("name"), max_length=200)
    name_index = models.CharField(max_length=64, editable=False, db_index=True, default="")
    aliases = EncryptedJSONField(
        _("aliases"), blank=True, default=list, help_text=_("Other names; encrypted.")
    )
    contact = EncryptedTextField(_("contact details"), blank=True, help_text=_("Encrypted."))
    date_of_birth = EncryptedDateField(_("date of birth"), blank=True, null=True)
    level = models.CharField(
        _("Lederach level"),
        max_length=20,
        choices=choices.levels,
        blank=True,
        help_text=_("Top leadership, middle-range or grassroots."),
    )
    nine_tracks = models.JSONField(
        _("Diamond–McDonald tracks"), default=list, blank=True, validators=[CodeListValidator("nine_tracks")]
    )
    official_status = models.CharField(
        _("official status"), max_length=20, choices=choices.official_status, default="unofficial"
    )
    position = EncryptedCharField(_("position or title"), max_length=200, blank=True)
    affiliation = models.ForeignKey(
        "self",
        verbose_name=_("affiliation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        limit_choices_to={"kind__in": ["organisation", "group"]},
    )
    country = models.CharField(_("country"), max_length=3, blank=True, help_text=_("ISO 3166 alpha-3"))
    gender = EncryptedCharField(_("gender"), choices=choices.genders, blank=True)
    age_group = EncryptedCharField(_("age group"), choices=choices.age_groups, blank=True)
    identity_groups = EncryptedJSONField(
        _("identity groups"),
        default=list,
        blank=True,
        help_text=_(
            "Optional, sensitive: ethnic, religious, linguistic or other groups the actor belongs to."
        ),
    )
    attributes = EncryptedJSONField(
        _("other attributes"),
        default=dict,
        blank=True,
        help_text=_(
            "Optional, sensitive: the attributes your organisation defines for inclusion analysis "
            "(e.g. displacement, religion, disability), by their code."
        ),
    )
    proscription_status = models.CharField(
        _("proscription status"), max_length=20, choices=choices.proscription_status, default="not_screened"
    )
    contexts = models.ManyToManyField(
        "registry.Context", verbose_name=_("contexts"), blank=True, related_name="actors"
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    # Shown to a person's viewers only after an audited reveal.
    IDENTITY_FIELDS = ("name", "aliases", "contact", "date_of_birth", "position", "notes")
    # What describes a person only: an organisation or a group with one of these is refused.
    PERSON_ONLY = ("gender", "age_group", "identity_groups", "date_of_birth", "attributes")
    EARLIEST_BIRTH = date(1900, 1, 1)

    class Meta:
        ordering = ["kind", "code"]
        indexes = [models.Index(fields=["kind", "level"])]

    def __str__(self) -> str:
        # A person is shown by pseudonym; their name never reaches logs or messages through str().
        return self.code if self.kind == "person" else f"{self.name} ({self.code})"

    @property
    def label(self) -> str:
        return str(self)

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind and not self.is_person:
            for name in self.PERSON_ONLY:
                if getattr(self, name):
                    errors[name] = _(
                        "This describes a person: leave it empty for an organisation or a group."
                    )
        born = self.date_of_birth
        if born and born > timezone.localdate():
            errors["date_of_birth"] = _("A date of birth cannot be in the future.")
        elif born and born < self.EARLIEST_BIRTH:
            errors["date_of_birth"] = _("A date of birth before 1900 is surely a typing error.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("registry:actor_detail", args=[self.pk])

    @staticmethod
    def name_index_of(name: str) -> str:
        return keyring().blind_index(name, NAME_INDEX_CONTEXT)

    def code_kind(self) -> str:
        return self.kind

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_index = self.name_index_of(self.name) if self.name else ""
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_index"}
        super().save(*args, **kwargs)

    @property
    def is_listed(self) -> bool:
        return self.proscription_status == "listed"
