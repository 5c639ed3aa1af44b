"""The four tracks used to classify an initiative: Track 1, 1.5, 2 and 3.

The order of the terms is the track order (1, 1.5, 2, 3); classification sorts linked tracks by it.
"""

from __future__ import annotations

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

TRACKS = Vocabulary(
    "tracks",
    _("Track"),
    [
        Term(
            "1",
            _("Track 1"),
            "Official diplomacy: government representatives or the top leadership of the conflict parties "
            "negotiate in formal, high-level talks.",
            "Montville & Davidson 1981; Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1",
        ),
        Term(
            "1.5",
            _("Track 1.5"),
            "Unofficial actors work with official representatives of the conflict parties to influence "
            "attitudinal change between the parties.",
            "Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1; Jones 2015",
        ),
        Term(
            "2",
            _("Track 2"),
            "Unofficial, informal interaction between members of adversary groups or nations, facilitated by "
            "a third party, that aims to develop strategies, influence public opinion and organise resources "
            "to help resolve the conflict.",
            "Montville & Davidson 1981, quoted in Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1, "
            "Table 1",
        ),
        Term(
            "3",
            _("Track 3"),
            "Grassroots peacemaking: local and community leaders run local peace commissions, psychosocial "
            "work and community activism.",
            "Lederach 1997, Building Peace; Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1",
        ),
    ],
)
