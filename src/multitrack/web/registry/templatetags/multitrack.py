"""Template helpers: vocabulary labels and definitions, translated at display time."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from multitrack.core import countries, vocab

register = template.Library()


@register.filter
def label(code: str, vocabulary: str) -> str:
    """`{{ initiative.format|label:"formats" }}` → the translated label ("" for an empty code)."""
    if code in ("", None):
        return ""
    voc = vocab.ALL[vocabulary]
    return gettext(voc.label(code)) if code in voc else str(code)


@register.filter
def definition(code: str, vocabulary: str) -> str:
    voc = vocab.ALL[vocabulary]
    return voc.get(code).definition if code in voc else ""


@register.filter
def labels(codes: list[str], vocabulary: str) -> str:
    return ", ".join(label(c, vocabulary) for c in codes or [])


@register.filter
def country(code: str) -> str:
    return countries.country_name(code) if code else ""


@register.simple_tag
def track_badge_class(track: str | None) -> str:
    return "track-" + (track or "none").replace(".", "-")


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    """`{{ labels|get_item:node }}`: a dict look-up by a variable key."""
    return mapping.get(key, key)
