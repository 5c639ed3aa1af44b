"""Vocabularies of monitoring and evaluation: the levels of a theory of change and what hangs on its steps.

A theory of change sets out how activities lead to outputs, outcomes and impact, and what must hold for
each step to work (assumptions) or could stop it (risks). Contribution analysis (Mayne 2008) starts from
such a postulated theory of change and its risks; OECD DAC (2012) asks whether "the theory of change
holds" when judging effectiveness.
"""

from __future__ import annotations

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_MAYNE = "Mayne 2008, Contribution analysis (ILAC Brief 16): the postulated theory of change and its risks"
_DAC = "OECD DAC 2012, Evaluating Peacebuilding Activities in Settings of Conflict and Fragility"

TOC_LEVELS = Vocabulary(
    "toc_levels",
    _("Theory-of-change level"),
    [
        Term(
            "activity",
            _("Activity"),
            "What the initiative does: a dialogue round, a workshop, shuttle visits, a study trip.",
            _MAYNE,
            {"rank": 0},
        ),
        Term(
            "output",
            _("Output"),
            "What the activities directly produce: a joint paper, a trained group, a new channel.",
            _MAYNE,
            {"rank": 1},
        ),
        Term(
            "outcome",
            _("Outcome"),
            "A change in behaviour, relationships, actions, policies or practices of people or "
            "institutions that the outputs influence.",
            _MAYNE,
            {"rank": 2},
        ),
        Term(
            "impact",
            _("Impact"),
            "The change in the conflict the outcomes contribute to (\u201cpeace writ large\u201d).",
            _DAC,
            {"rank": 3},
        ),
    ],
)

TOC_NOTES = Vocabulary(
    "toc_notes",
    _("Assumption or risk"),
    [
        Term(
            "assumption",
            _("Assumption"),
            "What must hold for a step (or an element) to work, e.g. that participants keep access to "
            "decision-makers.",
            _MAYNE,
        ),
        Term(
            "risk",
            _("Risk"),
            "What could stop a step or turn it harmful, e.g. a spoiler exposing the talks.",
            _MAYNE,
        ),
    ],
)
