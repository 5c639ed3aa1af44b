"""Lederach's pyramid of leadership levels: top, middle-range and grassroots."""

from __future__ import annotations

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_SOURCE = "Lederach 1997, Building Peace; Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1"

LEVELS = Vocabulary(
    "levels",
    _("Leadership level"),
    [
        Term(
            "top",
            _("Top leadership"),
            "Military, political and religious leaders with high visibility, who conduct high-level "
            "negotiations.",
            _SOURCE,
        ),
        Term(
            "middle",
            _("Middle-range leadership"),
            "Leaders respected in their sectors (ethnic or religious groups, academic institutions, "
            "humanitarian organisations) who run problem-solving workshops, training and insider mediation.",
            _SOURCE,
        ),
        Term(
            "grassroots",
            _("Grassroots leadership"),
            "Local and community leaders, such as those of indigenous groups, health institutions and "
            "refugee camps, who lead local peace commissions, trauma healing and community activism.",
            _SOURCE,
        ),
    ],
)
