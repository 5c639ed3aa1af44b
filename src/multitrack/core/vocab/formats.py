"""Formats (methods) of an initiative.

`new_practice=True` marks the practices the brief attributes to the "new" Track Two, beyond the
classic interactive conflict resolution workshop.
"""

from __future__ import annotations

from types import MappingProxyType

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_BRIEF = "Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1"
_NEW = MappingProxyType({"new_practice": True})

FORMATS = Vocabulary(
    "formats",
    _("Format"),
    [
        Term(
            "problem_solving_workshop",
            _("Problem-solving workshop"),
            "An interactive conflict resolution workshop: influential, unofficial members of the parties "
            "analyse the conflict together with a facilitating panel and generate ideas for Track One.",
            _BRIEF + ", Table 1; Fisher 1997, Interactive Conflict Resolution",
        ),
        Term(
            "dialogue_series",
            _("Dialogue series"),
            "Recurring facilitated meetings between members of the conflict parties, held as an ongoing "
            "process rather than a one-off meeting.",
            "Jones 2015, Track Two Diplomacy in Theory and Practice",
        ),
        Term(
            "sustained_dialogue",
            _("Sustained dialogue"),
            "A core group meets over a long period, moving through staged dialogue to transform "
            "relationships between the communities in conflict.",
            "Saunders 1999, A Public Peace Process",
        ),
        Term(
            "capacity_building_workshop",
            _("Capacity-building workshop"),
            "Training and expert input from external resource persons on dimensions of peace-process design, "
            "brought to the parties.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "research_as_intervention",
            _("Research as intervention"),
            "Conflict analysis or other research conducted for or alongside the participants, used itself as "
            "a form of intervention.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "code_of_conduct",
            _("Code of conduct"),
            "Developing a code of conduct with or for the parties as a research-based product of the "
            "initiative.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "practical_guide",
            _("Practical guide or manual"),
            "Practical guides and manuals that frame important issues or assess an ongoing peace process.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "exposure_trip",
            _("Exposure trip or study tour"),
            "Taking negotiating parties or stakeholders to post-conflict or post-agreement contexts to learn "
            "from comparative experience, often with international resource persons.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "back_channel",
            _("Back-channel talks"),
            "Discreet talks between the parties, away from the public process, typically in pre-negotiation.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "bilateral_meeting",
            _("Bilateral meetings"),
            "The third party meets one party at a time to explore positions and options.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "shuttle",
            _("Shuttle conversations"),
            "The third party carries messages and proposals between parties that do not meet directly.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "consultation",
            _("Consultation"),
            "Structured consultation of civil society or constituencies whose views are fed into a "
            "process, as in the Civil Society Support Room in Syria.",
            _BRIEF + "; Paffenholz 2014, Civil Society and Peace Negotiations (inclusion modality 3)",
            _NEW,
        ),
        Term(
            "local_mediation",
            _("Local mediation"),
            "Direct mediation or facilitation of agreements between parties at the local or community level.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "track_1_5_meeting",
            _("Track 1.5 meeting"),
            "An unofficial third party convenes official representatives of the conflict parties to "
            "influence attitudes and explore options.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "other",
            _("Other"),
            "A format not listed here; describe it in the initiative's notes.",
            "Multitrack convention",
        ),
    ],
)
