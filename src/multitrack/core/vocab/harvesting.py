"""Vocabularies of outcome harvesting: transfer from Track Two, the RPP matrix, the DAC criteria and
substantiation.

An outcome (Wilson-Grau & Britt 2012) is a change in the behaviour, relationships, actions, policies or
practices of an actor that the intervention influenced at least partly. Multitrack classifies it along the
transfer dimensions of the literature (DOMAIN.md §3: direction, pathway, object, effect on process or
outcome), places it in the RPP matrix (more people / key people × individual / socio-political, CDA) and
tags it with the OECD DAC (2012) evaluation criteria it speaks to.
"""

from __future__ import annotations

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_TRANSFER = "Transfer schema recommended in DOMAIN.md §3 (Kelman, Fisher, Çuhadar 2009; common dimensions)"
_RPP = "CDA, Reflecting on Peace Practice matrix (RPP Handbook 2004)"
_DAC = "OECD DAC 2012, Evaluating Peacebuilding Activities in Settings of Conflict and Fragility"
_OH = "Wilson-Grau & Britt 2012, Outcome Harvesting (substantiation)"

TRANSFER_DIRECTIONS = Vocabulary(
    "transfer_directions",
    _("Transfer direction"),
    [
        Term("upward", _("Upward"), "Into Track One: officials, negotiators, decision-makers.", _TRANSFER),
        Term(
            "outward",
            _("Downward or outward"),
            "To constituencies and the public: communities, media, public debate.",
            _TRANSFER,
        ),
        Term("horizontal", _("Horizontal"), "To other initiatives or tracks at the same level.", _TRANSFER),
    ],
)

TRANSFER_PATHWAYS = Vocabulary(
    "transfer_pathways",
    _("Transfer pathway"),
    [
        Term(
            "direct",
            _("Direct"),
            "The participant is, or becomes, an official, or has direct access to officials.",
            _TRANSFER,
        ),
        Term(
            "indirect",
            _("Indirect"),
            "Through third parties, advisers, media, documents or public opinion.",
            _TRANSFER,
        ),
    ],
)

TRANSFER_OBJECTS = Vocabulary(
    "transfer_objects",
    _("What was transferred"),
    [
        Term(
            "people", _("People"), "Participants themselves move into or towards official roles.", _TRANSFER
        ),
        Term("ideas", _("Ideas or proposals"), "Concepts, options, formulas, draft texts.", _TRANSFER),
        Term(
            "relationships",
            _("Relationships or networks"),
            "Channels and trust across the divide.",
            _TRANSFER,
        ),
        Term(
            "skills",
            _("Skills or learning"),
            "Analytical or negotiation skills, new understanding.",
            _TRANSFER,
        ),
    ],
)

TRANSFER_EFFECTS = Vocabulary(
    "transfer_effects",
    _("Effect on"),
    [
        Term(
            "process",
            _("Process"),
            "How negotiations are run: agenda, format, climate, who takes part.",
            _TRANSFER,
        ),
        Term("outcome", _("Outcome"), "What is agreed: the substance of agreements or policies.", _TRANSFER),
    ],
)

RPP_REACH = Vocabulary(
    "rpp_reach",
    _("RPP: whom"),
    [
        Term("more_people", _("More people"), "Broad numbers of people: communities, the public.", _RPP),
        Term("key_people", _("Key people"), "Leaders and influentials whose decisions matter.", _RPP),
    ],
)

RPP_LEVELS = Vocabulary(
    "rpp_levels",
    _("RPP: level of change"),
    [
        Term(
            "individual",
            _("Individual or personal"),
            "Attitudes, perceptions, skills, relationships of persons.",
            _RPP,
        ),
        Term(
            "socio_political",
            _("Socio-political"),
            "Behaviour, institutions, policies and norms.",
            _RPP,
        ),
    ],
)

DAC_CRITERIA = Vocabulary(
    "dac_criteria",
    _("OECD DAC criterion"),
    [
        Term(
            "relevance",
            _("Relevance"),
            "Addresses the conflict drivers found in the conflict analysis.",
            _DAC,
        ),
        Term("effectiveness", _("Effectiveness"), "Objectives met; the theory of change holds.", _DAC),
        Term("impact", _("Impact"), "Effects on conflict dynamics.", _DAC),
        Term("sustainability", _("Sustainability"), "Changes endure.", _DAC),
        Term("efficiency", _("Efficiency"), "Resources against results.", _DAC),
        Term("coherence", _("Coherence"), "Fits with other actors' policies and work.", _DAC),
    ],
)

SUBSTANTIATION = Vocabulary(
    "substantiation",
    _("Substantiator's view"),
    [
        Term(
            "agree_fully",
            _("Agrees fully"),
            "The substantiator confirms the outcome and the contribution.",
            _OH,
        ),
        Term(
            "agree_partially",
            _("Agrees partially"),
            "The substantiator confirms part of it, or with reservations.",
            _OH,
        ),
        Term("disagree", _("Disagrees"), "The substantiator does not confirm it.", _OH),
    ],
)
