"""Contribution analysis over plain data: the rules of an initiative's contribution story, written once
(Mayne 2008, ILAC Brief 16; Mayne 2012).

The story follows the steps of contribution analysis:

1. the cause-effect question (`question`), over the story's period (`period`);
2. the theory of change and its risks (`theory` reads a `toc.Toc` into a `Theory`: the outcomes and
   impacts the chain follows, its links without a rationale, its warnings), in the version the story
   checks against (`checked_version`);
3. the evidence gathered: indicators where they stood at the end of the period (`standing`), harvested
   outcomes with the substantiators' levels of agreement (`OutcomeEvidence`) and their tallies (`rpp`,
   `directions`, `effects`), transfers into official texts (`taken_up`, `undecided`), the changes of the
   conflict maps (`span`, `change_counts`), groups present without influence (`inclusion.Flag`);
4. the story element by element: an outcome bears on an element of the theory (`bears_on`), an indicator
   measures one (`measures`);
5. where more evidence is needed (`gaps`);
6. what the evidence supports and what weakens it (`supports`, `weakens`; `assess` gives all three).

The claim is one of contribution (the initiative was one of several causes), never of attribution: no
rule here weighs the evidence into a verdict; what supports the claim and what weakens it are said side by
side, in sentences a funder reads as they are.

Steps 1 to 3 are in `evidence` (the plain types and what counts as evidence for the period), steps 4 to 6
in `assessment`; everything is imported from here. The web layer (`web/evaluation/services/contribution.py`)
reads the rows a user may see into these types and renders what comes back; nothing here knows who
reads.
"""

from .assessment import (
    BEHIND,
    ON_TARGET,
    Assessment,
    assess,
    bears_on,
    gaps,
    measures,
    supports,
    uncovered,
    weakens,
)
from .evidence import (
    AGREEMENT_ORDER,
    CHAIN_LEVELS,
    ChainElement,
    Evidence,
    IndicatorEvidence,
    OutcomeEvidence,
    Theory,
    change_counts,
    checked_version,
    directions,
    effects,
    period,
    question,
    reach,
    rpp,
    span,
    standing,
    taken_up,
    theory,
    undecided,
)

__all__ = [
    "AGREEMENT_ORDER",
    "BEHIND",
    "CHAIN_LEVELS",
    "ON_TARGET",
    "Assessment",
    "ChainElement",
    "Evidence",
    "IndicatorEvidence",
    "OutcomeEvidence",
    "Theory",
    "assess",
    "bears_on",
    "change_counts",
    "checked_version",
    "directions",
    "effects",
    "gaps",
    "measures",
    "period",
    "question",
    "reach",
    "rpp",
    "span",
    "standing",
    "supports",
    "taken_up",
    "theory",
    "uncovered",
    "undecided",
    "weakens",
]
