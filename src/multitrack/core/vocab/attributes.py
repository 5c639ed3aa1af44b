"""Optional, sensitive actor attributes and record statuses.

Gender and other intersectional attributes are always optional: "not recorded" is an answer, and
nothing is inferred. They feed the inclusion analytics, which suppress small cells.
"""

from __future__ import annotations

from types import MappingProxyType

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_MT = "Multitrack convention"
_TRACK_ONE = MappingProxyType({"track": "one"})
_TRACK_TWO = MappingProxyType({"track": "two"})

GENDERS = Vocabulary(
    "genders",
    _("Gender"),
    [
        Term("woman", _("Woman"), "Identifies as a woman.", "UN Women 2012; UNSCR 1325 reporting practice"),
        Term("man", _("Man"), "Identifies as a man.", "UN Women 2012; UNSCR 1325 reporting practice"),
        Term(
            "non_binary",
            _("Non-binary or another gender"),
            "Identifies outside the woman/man binary.",
            "Palmiano Federer 2021 (intersectional perspective, recommendation P7)",
        ),
        Term(
            "undisclosed",
            _("Prefers not to say"),
            "The person chose not to disclose a gender; distinct from not recorded.",
            _MT,
        ),
    ],
)

AGE_GROUPS = Vocabulary(
    "age_groups",
    _("Age group"),
    [
        Term(
            "youth",
            _("Youth (under 30)"),
            "Aged 18 to 29, as in UNSCR 2250 on youth, peace and security.",
            "UNSCR 2250 (2015)",
        ),
        Term("adult", _("Adult (30–59)"), "Aged 30 to 59.", _MT),
        Term("elder", _("Elder (60 and over)"), "Aged 60 or over.", _MT),
    ],
)

PROSCRIPTION_STATUS = Vocabulary(
    "proscription_status",
    _("Proscription status"),
    [
        Term(
            "not_screened", _("Not screened"), "Not yet screened against sanctions or terrorist lists.", _MT
        ),
        Term("clear", _("Screened, no match"), "Screened; no listing was confirmed.", _MT),
        Term(
            "listed",
            _("Listed"),
            "Confirmed on at least one sanctions or proscription list; engagement needs a recorded "
            "ethics decision.",
            "Palmiano Federer 2021, risk R4; Holder v. Humanitarian Law Project (2010)",
        ),
    ],
)

INITIATIVE_STATUS = Vocabulary(
    "initiative_status",
    _("Status"),
    [
        Term("planned", _("Planned"), "Designed but not started.", "IATI ActivityStatus 1 (Pipeline)"),
        Term("active", _("Active"), "Under way.", "IATI ActivityStatus 2 (Implementation)"),
        Term(
            "paused",
            _("Paused"),
            "Suspended for now, e.g. for security or political reasons.",
            "IATI ActivityStatus 6 (Suspended)",
        ),
        Term("concluded", _("Concluded"), "Finished.", "IATI ActivityStatus 4 (Closed)"),
    ],
)

DOCUMENT_KINDS = Vocabulary(
    "document_kinds",
    _("Document kind"),
    [
        # attrs track: "two" for what an initiative produces (traced from), "one" for the official texts it
        # may have fed (traced into); kinds without a track are neither.
        Term("concept_note", _("Concept note"), "The design of an initiative or event.", _MT, _TRACK_TWO),
        Term("report", _("Report"), "A meeting, activity or analysis report.", _MT, _TRACK_TWO),
        Term(
            "workshop_paper",
            _("Workshop paper"),
            "A paper written for or by a dialogue or problem-solving workshop.",
            "Kelman; Fisher 1997 (ideas and proposals carried by documents)",
            _TRACK_TWO,
        ),
        Term(
            "non_paper",
            _("Non-paper or proposal"),
            "Ideas or options produced for the parties.",
            "Fisher 2005, Paving the Way (transfer through documents)",
            _TRACK_TWO,
        ),
        Term(
            "communique",
            _("Dialogue communiqué"),
            "A joint statement or communiqué of the participants of an unofficial dialogue.",
            "Çuhadar 2009 (transfer to outcome)",
            _TRACK_TWO,
        ),
        Term(
            "consultation_report",
            _("Consultation report"),
            "What a community consultation found: who took part, what all groups agree on, each group's "
            "views.",
            "Paffenholz 2014 (consultations as an inclusion modality)",
            _TRACK_TWO,
        ),
        Term("minutes", _("Minutes or notes"), "A record of what was said.", _MT, _TRACK_TWO),
        Term(
            "agreement",
            _("Agreement (Track One)"),
            "An agreement, accord or memorandum signed by the parties.",
            "Fisher 2005, Paving the Way (effects in negotiation and implementation)",
            _TRACK_ONE,
        ),
        Term(
            "official_statement",
            _("Official statement (Track One)"),
            "A statement, communiqué or declaration of a government, party leadership or official mediator.",
            "Çuhadar 2009 (transfer to outcome)",
            _TRACK_ONE,
        ),
        Term(
            "official_text",
            _("Other official text (Track One)"),
            "Any other Track One text: a law, a decree, a negotiating text.",
            "Çuhadar 2009 (transfer to outcome)",
            _TRACK_ONE,
        ),
        Term("other", _("Other"), "Any other document.", _MT),
    ],
)
