"""What an organisation adds to inclusion analytics: the attributes it records about persons (beside
gender and age group), and its own reference lines (beside the published ones shipped with Multitrack).

Both are shared by every compartment of the installation: they describe what is measured, not who.
The values of the attributes are kept on each actor, encrypted (`Actor.attributes`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from multitrack.core import inclusion
from multitrack.web.registry import choices

# Names the registry already gives every participation record: an attribute cannot take one of them.
RESERVED = frozenset(
    {
        "gender",
        "age",
        "level",
        "track",
        "initiative",
        "context",
        "period",
        inclusion.ROLE,
        inclusion.ROLE_GROUP,
    }
)


def not_reserved(value: str) -> None:
    if value in RESERVED:
        raise ValidationError(
            _("“%(code)s” is already a dimension of every record; choose another code."),
            params={"code": value},
        )


class PersonAttribute(models.Model):
    """An attribute the organisation records about persons, e.g. displacement: displaced, host, returnee."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[not_reserved],
        help_text=_("Short, lower case, used in tables and on the command line, e.g. displacement."),
    )
    label = models.CharField(_("label"), max_length=100)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What it records, and why it is needed (data minimisation)."),
    )
    values = models.JSONField(
        _("values"),
        default=list,
        blank=True,
        help_text=_("The allowed values, one per line; none: any value may be typed."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("person attribute")

    def __str__(self) -> str:
        return self.code


class ReferenceLine(models.Model):
    """An organisation's own baseline, in the shape of the shipped ones (`sources/reference_lines`)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    dimension = models.CharField(_("dimension"), max_length=40, default="gender")
    value = models.CharField(_("value"), max_length=100, default="woman")
    roles = models.JSONField(_("roles"), default=list)
    share = models.FloatField(_("share"), validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])
    period = models.CharField(_("period"), max_length=40)
    source = models.CharField(_("source"), max_length=300)
    url = models.URLField(_("link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("reference line")

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        unknown = [r for r in self.roles or [] if r not in dict(choices.participant_roles())]
        if not self.roles or unknown:
            raise ValidationError({"roles": _("Choose at least one role.")})

    def as_line(self) -> inclusion.ReferenceLine:
        return inclusion.ReferenceLine(
            self.key, self.title, self.dimension, self.value, tuple(self.roles), self.share, self.period,
            self.source, self.url,
        )  # fmt: skip


def reference_lines() -> list[inclusion.ReferenceLine]:
    """The shipped lines, those from the Track One delegates data imported (PADD), then the organisation's
    own."""
    from multitrack.sources.reference_lines import shipped
    from multitrack.web.landscape.services import reference_lines as track_one

    return [*shipped(), *track_one(), *(line.as_line() for line in ReferenceLine.objects.all())]


def attributes() -> list[PersonAttribute]:
    return list(PersonAttribute.objects.all())
