"""Modes of Track Two (hard or soft) and phases of the field (classic or new)."""

from __future__ import annotations

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_BRIEF = "Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1"

MODES = Vocabulary(
    "modes",
    _("Mode"),
    [
        Term(
            "hard",
            _("Hard Track Two"),
            "Aims to help start negotiations or to give officials concrete proposals, with participants "
            "close to power such as advisers, former officials or officials in a private capacity.",
            "Jones 2015; Agha, Feldman, Khalidi & Schiff 2003",
        ),
        Term(
            "soft",
            _("Soft Track Two"),
            "Aims to familiarise participants with each other's views and build relationships, usually among "
            "academics and civil society, with diffuse transfer to the policy community and public.",
            "Jones 2015; Agha, Feldman, Khalidi & Schiff 2003",
        ),
    ],
)

PHASES = Vocabulary(
    "phases",
    _("Phase"),
    [
        Term(
            "classic",
            _("Classic Track Two"),
            "The 1980s to 2000s model: scholar-practitioners convene a problem-solving workshop of "
            "influential unofficial actors, aiming at transfer into Track One.",
            _BRIEF + ", Table 1",
        ),
        Term(
            "new",
            _("New Track Two"),
            "The later model led by NGO mediators, with new formats such as capacity building, research and "
            "back channels, and objectives such as linking tracks and local agreements.",
            _BRIEF + ", Table 2 and text",
        ),
    ],
)
