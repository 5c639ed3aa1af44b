from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import choices
from .coded import CodedModel
from .fields import CodeListValidator


class ActorQuerySet(models.QuerySet["Actor"]):
    def search(self, query: str) -> ActorQuerySet:
        """Match the code, the user's reference, the name (organisations and groups only) or affiliation.

        A person's name is never searched here: persons are found by pseudonym code, so that a list
        view cannot be used to confirm who takes part.
        """
        if not query:
            return self
        q = models.Q(code__iexact=query) | models.Q(ref__iexact=query)
        q |= models.Q(name__icontains=query) & ~models.Q(kind="person")
        q |= models.Q(affiliation__name__icontains=query)
        return self.filter(q)


class Actor(CodedModel):
    """A person, organisation or group. Persons carry a stable pseudonym code."""

    kind = models.CharField(_("kind"), max_length=20, choices=choices.actor_kinds)
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("Stable, random code; for a person it is the pseudonym shown by default."),
    )
    ref = models.CharField(
        _("your reference"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Optional key from your own records; imports match rows on it. Never put a name here."),
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(
        _("Lederach level"),
        max_length=20,
        choices=choices.levels,
        blank=True,
        help_text=_("Top leadership, middle-range or grassroots."),
    )
    nine_tracks = models.JSONField(
        _("Diamond–McDonald tracks"),
        default=list,
        blank=True,
        validators=[CodeListValidator("nine_tracks")],
    )
    official_status = models.CharField(
        _("official status"),
        max_length=20,
        choices=choices.official_status,
        default="unofficial",
    )
    position = models.CharField(_("position or title"), max_length=200, blank=True)
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
    gender = models.CharField(_("gender"), max_length=20, choices=choices.genders, blank=True)
    age_group = models.CharField(_("age group"), max_length=20, choices=choices.age_groups, blank=True)
    identity_groups = models.JSONField(
        _("identity groups"),
        default=list,
        blank=True,
        help_text=_(
            "Optional, sensitive: ethnic, religious, linguistic or other groups the actor belongs to."
        ),
    )
    proscription_status = models.CharField(
        _("proscription status"),
        max_length=20,
        choices=choices.proscription_status,
        default="not_screened",
    )
    contexts = models.ManyToManyField(
        "Context", verbose_name=_("contexts"), blank=True, related_name="actors"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "code"]
        indexes = [models.Index(fields=["kind", "level"])]

    def __str__(self) -> str:
        # A person is shown by pseudonym; their name never reaches logs or messages through str().
        return self.code if self.kind == "person" else f"{self.name} ({self.code})"

    @property
    def label(self) -> str:
        return str(self)

    def get_absolute_url(self) -> str:
        return reverse("registry:actor_detail", args=[self.pk])

    def code_kind(self) -> str:
        return self.kind

    @property
    def is_listed(self) -> bool:
        return self.proscription_status == "listed"
