"""Kinds of third party that convene or facilitate an initiative.

`official=True` marks third parties with an official mandate; with serving officials at the table
they make an initiative Track 1 rather than Track 1.5.
"""

from __future__ import annotations

from types import MappingProxyType

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_BRIEF = "Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1"
_OFFICIAL = MappingProxyType({"official": True})

THIRD_PARTY_TYPES = Vocabulary(
    "third_party_types",
    _("Third party"),
    [
        Term(
            "scholar_practitioner",
            _("Scholar-practitioner"),
            "Academics such as Burton, Kelman and Doob who convene unofficial problem-solving workshops "
            "with a light-footprint, facilitative style.",
            _BRIEF + ", Table 1",
        ),
        Term(
            "ngo_mediator",
            _("NGO mediator"),
            "A nongovernmental organisation that takes on mediation or facilitation roles; it may mediate, "
            "support mediation, or both.",
            _BRIEF,
        ),
        Term(
            "faith_based",
            _("Faith-based organisation"),
            "A religious organisation, such as the Quakers or Sant'Egidio, that practises private and "
            "unofficial mediation.",
            _BRIEF + "; Diamond & McDonald 1996, Multi-Track Diplomacy (Track 7)",
        ),
        Term(
            "state",
            _("State"),
            "A government acting as mediator, facilitator or host under an official mandate.",
            _BRIEF + " (implication I3)",
            _OFFICIAL,
        ),
        Term(
            "un",
            _("United Nations"),
            "A UN envoy, mission or mediation support unit acting under a UN mandate.",
            _BRIEF + " (implication I3); UN Guidance for Effective Mediation 2012",
            _OFFICIAL,
        ),
        Term(
            "regional_org",
            _("Regional organisation"),
            "An intergovernmental regional body, such as the African Union, OSCE or ASEAN, acting under an "
            "official mandate.",
            _BRIEF + " (implication I3)",
            _OFFICIAL,
        ),
        Term(
            "insider_mediator",
            _("Insider mediator"),
            "A person from within the conflict context whose trust and standing with the parties come from "
            "inside it rather than from outside neutrality.",
            "Lederach 1997, Building Peace (insider-partial); " + _BRIEF,
        ),
        Term(
            "private_individual",
            _("Private individual"),
            "A private citizen, such as a retired diplomat or business person, who facilitates on personal "
            "initiative without an organisational mandate.",
            "Diamond & McDonald 1996, Multi-Track Diplomacy (Track 4)",
        ),
        Term(
            "none",
            _("No third party"),
            "The parties meet directly, with no third party convening or facilitating; recorded explicitly "
            "so that it differs from 'not recorded'.",
            "Multitrack convention",
        ),
    ],
)
