from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedTextField

from .. import choices
from .coded import CodedModel
from .fields import CodeListValidator

if TYPE_CHECKING:
    from multitrack.core.classify import Classification


class InitiativeQuerySet(CompartmentQuerySet["Initiative"]):
    # Every role sees titles and classifications; person-level rows need more.
    default_capability = "aggregates"

    def search(self, query: str) -> InitiativeQuerySet:
        """Title words, or exact reference or code (summaries are encrypted and not searched)."""
        query = query.strip()
        if not query:
            return self
        return self.filter(
            models.Q(title__icontains=query) | models.Q(ref__iexact=query) | models.Q(code__iexact=query)
        )

    def for_classification(self) -> InitiativeQuerySet:
        """Prefetch what `classification()` reads, so a list page classifies in a fixed number of queries."""
        return self.select_related("context", "third_party").prefetch_related(
            models.Prefetch("participations", queryset=Participation.objects.select_related("actor")),
            models.Prefetch("overrides", queryset=TrackOverride.objects.order_by("-created_at")),
        )


class Initiative(CodedModel):
    """An effort by a third party in a context, recorded by the brief's components."""

    compartment = models.ForeignKey(
        "accounts.Compartment",
        verbose_name=_("compartment"),
        on_delete=models.PROTECT,
        related_name="initiatives",
        help_text=_("Who may know of this initiative."),
    )
    context = models.ForeignKey(
        "Context", verbose_name=_("context"), on_delete=models.PROTECT, related_name="initiatives"
    )
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("Stable, random code; exports use it when the initiative has no reference of yours."),
    )
    ref = models.CharField(_("your reference"), max_length=64, unique=True, null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = EncryptedTextField(_("summary"), blank=True)
    third_party_type = models.CharField(
        _("third-party type"),
        max_length=30,
        choices=choices.third_party_types,
        blank=True,
        help_text=_("Who convenes or facilitates. Leave empty if not yet known."),
    )
    third_party = models.ForeignKey(
        "Actor",
        verbose_name=_("third party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="convened_initiatives",
    )
    format = models.CharField(_("format"), max_length=40, choices=choices.formats)
    objectives = models.JSONField(
        _("objectives"), default=list, blank=True, validators=[CodeListValidator("objectives")]
    )
    declared_track = models.CharField(
        _("declared track"),
        max_length=4,
        choices=choices.tracks,
        blank=True,
        help_text=_("The track the organisation itself uses for this initiative, if any."),
    )
    discretion = models.CharField(
        _("discretion"), max_length=20, choices=choices.discretion, default="discreet"
    )
    status = models.CharField(_("status"), max_length=20, choices=choices.initiative_status, default="active")
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    funders = models.ManyToManyField(
        "registry.Actor",
        verbose_name=_("funders"),
        blank=True,
        related_name="funded_initiatives",
        limit_choices_to={"kind__in": ["organisation", "group"]},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("registry:initiative_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.status == "concluded" and self.end_date and self.end_date > timezone.localdate():
            message = _("A concluded initiative cannot end in the future: correct the date or the status.")
            raise ValidationError({"end_date": message})

    def code_kind(self) -> str:
        return "initiative"

    def classification(self) -> Classification:
        """The computed classification from the recorded components (see registry.services.classification)."""
        from ..services.classification import classify_initiative

        return classify_initiative(self)

    @property
    def active_override(self) -> TrackOverride | None:
        """The latest override not withdrawn (uses prefetched overrides when present)."""
        return next((o for o in self.overrides.all() if o.withdrawn_at is None), None)


class TrackOverride(models.Model):
    """A human decision that the initiative's track differs from the computed one, with its reason.

    Overrides are never edited or deleted: a new one supersedes the old, and withdrawing one records who
    and when, so the history of judgements stays visible.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="overrides")
    track = models.CharField(_("track"), max_length=4, choices=choices.tracks)
    computed_track = models.CharField(_("computed track at the time"), max_length=4, blank=True)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Track {self.track} (override)"


class EventQuerySet(CompartmentQuerySet["Event"]):
    compartment_path = "initiative__compartment"


class ParticipationQuerySet(CompartmentQuerySet["Participation"]):
    compartment_path = "initiative__compartment"


class Event(models.Model):
    """A meeting, workshop, trip, shuttle round or consultation within an initiative."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(
        _("format"),
        max_length=40,
        choices=choices.formats,
        blank=True,
        help_text=_("Leave empty if it is the initiative's own format."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    summary = EncryptedTextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("registry:event_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        initiative = self.initiative if self.initiative_id else None
        if initiative is None:
            return
        errors = {}
        if self.start_date and initiative.start_date and self.start_date < initiative.start_date:
            errors["start_date"] = _(
                "The initiative starts on %(date)s: an event cannot start before it."
            ) % {"date": initiative.start_date.isoformat()}
        last = self.end_date or self.start_date
        if last and initiative.end_date and last > initiative.end_date:
            errors["end_date" if self.end_date else "start_date"] = _(
                "The initiative ends on %(date)s: an event cannot end after it."
            ) % {"date": initiative.end_date.isoformat()}
        if errors:
            raise ValidationError(errors)


class Participation(models.Model):
    """An actor's role in an initiative, at one of its events or across it."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="participations")
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="participations",
    )
    actor = models.ForeignKey(
        "Actor", verbose_name=_("actor"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=30, choices=choices.participant_roles)
    acting_capacity = models.CharField(
        _("acting capacity"),
        max_length=20,
        choices=choices.acting_capacity,
        blank=True,
        help_text=_("Leave empty to infer it: serving officials in official capacity, others in private."),
    )
    attended = models.BooleanField(_("attended"), default=True)
    spoke = models.BooleanField(_("spoke"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "event", "role", "actor__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "event", "role"],
                condition=models.Q(event__isnull=False),
                name="participation_unique_at_event",
            ),
            models.UniqueConstraint(
                fields=["actor", "initiative", "role"],
                condition=models.Q(event__isnull=True),
                name="participation_unique_in_initiative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} as {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        """The page that lists this participation: its event's, or the initiative's."""
        return (self.event or self.initiative).get_absolute_url()

    @property
    def capacity(self) -> str:
        """The acting capacity, inferred from the actor's status when not recorded."""
        if self.acting_capacity:
            return self.acting_capacity
        return "official" if self.actor.official_status == "serving_official" else "private"

    def clean(self) -> None:
        if (
            self.event_id
            and self.initiative_id
            and self.event is not None
            and self.event.initiative_id != self.initiative_id
        ):
            raise ValidationError({"event": _("This event belongs to another initiative.")})
        event = self.event if self.event_id else None
        if self.attended and event is not None and event.start_date > timezone.localdate():
            raise ValidationError(
                {
                    "attended": _("The event starts on %(date)s: nobody can have attended it yet.")
                    % {"date": event.start_date.isoformat()}
                }
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.event_id and not self.initiative_id and self.event is not None:
            self.initiative_id = self.event.initiative_id
        super().save(*args, **kwargs)
