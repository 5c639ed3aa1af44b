"""How widely an initiative's existence may be known.

Terms run from least to most restricted. Track Two is discreet by nature (Jones 2015: Chatham House
Rule), so the levels govern who may see a record, not just its contents.
"""

from __future__ import annotations

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_MT = "Multitrack convention"

DISCRETION = Vocabulary(
    "discretion",
    _("Discretion"),
    [
        Term(
            "public",
            _("Public"),
            "Anyone may know that the initiative exists and who convenes it; it may be named in public "
            "reports.",
            _MT,
        ),
        Term(
            "discreet",
            _("Discreet"),
            "The initiative is not publicised; the participants, convener, funders and partner organisations "
            "may know of it, and discussions are under the Chatham House Rule.",
            _MT + "; Jones 2015 (discretion and the Chatham House Rule)",
        ),
        Term(
            "confidential",
            _("Confidential"),
            "Only the participants, the third party's team and named funders may know of the initiative; its "
            "existence is not confirmed to others.",
            _MT,
        ),
        Term(
            "secret",
            _("Secret"),
            "Only the third party's core team and the participants themselves may know of it, because "
            "exposure could endanger people or end the channel.",
            _MT,
        ),
    ],
)
