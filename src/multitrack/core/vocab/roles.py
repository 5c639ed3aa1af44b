"""Roles of people and groups in an initiative, their official status, and the capacity they act in.

`participant=True` marks roles that count as a participant group when an initiative is classified;
conveners, facilitators and funders shape an initiative but do not decide its track.
"""

from __future__ import annotations

from types import MappingProxyType

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_BRIEF = "Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1"
_MT = "Multitrack convention"
_PARTICIPANT = MappingProxyType({"participant": True})

PARTICIPANT_ROLES = Vocabulary(
    "participant_roles",
    _("Role"),
    [
        Term(
            "convener",
            _("Convener"),
            "Initiates and hosts the initiative and invites the participants.",
            _BRIEF + " (role clarity, recommendation E2)",
        ),
        Term(
            "facilitator",
            _("Facilitator"),
            "Guides the discussion as a third party without deciding for the parties.",
            _BRIEF + ", Table 1",
        ),
        Term(
            "participant",
            _("Participant"),
            "Takes part as a member of, or voice from, a conflict party or constituency.",
            _BRIEF + ", Table 1",
            _PARTICIPANT,
        ),
        Term(
            "resource_person",
            _("Resource person"),
            "Brings outside expertise or comparative experience "
            "to the participants without taking part as a party.",
            _BRIEF,
        ),
        Term(
            "observer",
            _("Observer"),
            "Attends with the parties' consent but does not negotiate or decide.",
            "Paffenholz 2014 (inclusion modality 2: observer status)",
            _PARTICIPANT,
        ),
        Term(
            "funder",
            _("Funder"),
            "Provides the money or other resources for the initiative.",
            "Diamond & McDonald 1996, Multi-Track Diplomacy (Track 8)",
        ),
        Term(
            "negotiator",
            _("Negotiator"),
            "Negotiates on behalf of a conflict party.",
            "Lederach 1997, Building Peace",
            _PARTICIPANT,
        ),
        Term(
            "signatory",
            _("Signatory"),
            "Signs an agreement reached in or through the initiative.",
            _MT,
            _PARTICIPANT,
        ),
        Term(
            "insider_mediator",
            _("Insider mediator"),
            "A participant from within the conflict context who "
            "mediates between their own community and others.",
            "Lederach 1997, Building Peace",
            _PARTICIPANT,
        ),
        Term(
            "rapporteur",
            _("Rapporteur"),
            "Records the discussion and drafts the reports or non-papers that carry it onward.",
            "Fisher 2005, Paving the Way (transfer through documents)",
        ),
    ],
)

OFFICIAL_STATUS = Vocabulary(
    "official_status",
    _("Official status"),
    [
        Term(
            "serving_official",
            _("Serving official"),
            "Currently holds an official post in a government, "
            "armed movement leadership or intergovernmental body.",
            "Jones 2015; " + _BRIEF,
        ),
        Term(
            "former_official",
            _("Former official"),
            "Held an official post in the past and often keeps access to those who hold one now.",
            "Jones 2015 (hard Track Two participants)",
        ),
        Term(
            "unofficial",
            _("Unofficial"),
            "Has never held, or does not now hold, an official post relevant to the conflict.",
            "Montville & Davidson 1981; " + _BRIEF,
        ),
    ],
)

ACTING_CAPACITY = Vocabulary(
    "acting_capacity",
    _("Acting capacity"),
    [
        Term(
            "official",
            _("Official capacity"),
            "Takes part on behalf of their institution, able to speak for it.",
            _MT,
        ),
        Term(
            "private",
            _("Private capacity"),
            "Takes part in a personal capacity, stepping back from "
            "official positions and not committing their institution.",
            "Jones 2015",
        ),
    ],
)
