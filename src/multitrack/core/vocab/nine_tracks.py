"""Diamond and McDonald's nine tracks of multi-track diplomacy, an optional finer actor typology.

The nine tracks are a non-hierarchical "compass", so the codes carry no order of importance.
"""

from __future__ import annotations

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_SOURCE = "Diamond & McDonald 1996, Multi-Track Diplomacy (3rd ed.)"

NINE_TRACKS = Vocabulary(
    "nine_tracks",
    _("Multi-track (Diamond and McDonald)"),
    [
        Term("1", _("Government"), "Peacemaking through diplomacy: official government action.", _SOURCE),
        Term(
            "2",
            _("Nongovernment / professional conflict resolution"),
            "Peacemaking through professional conflict resolution by nongovernmental practitioners and "
            "organisations.",
            _SOURCE,
        ),
        Term("3", _("Business"), "Peacemaking through commerce and economic ties.", _SOURCE),
        Term("4", _("Private citizen"), "Peacemaking through personal involvement of individuals.", _SOURCE),
        Term(
            "5",
            _("Research, training and education"),
            "Peacemaking through learning: research, training programmes and education.",
            _SOURCE,
        ),
        Term("6", _("Activism"), "Peacemaking through advocacy and campaigning.", _SOURCE),
        Term("7", _("Religion"), "Peacemaking through faith in action by religious actors.", _SOURCE),
        Term("8", _("Funding"), "Peacemaking through providing resources to the other tracks.", _SOURCE),
        Term(
            "9",
            _("Communications and media"),
            "Peacemaking through information: the media that shape public opinion.",
            _SOURCE,
        ),
    ],
)
