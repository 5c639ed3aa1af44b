from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.4567 -> "46 %"."""
    if value is None:
        return "—"
    return f"{round(float(value) * 100)} %"
