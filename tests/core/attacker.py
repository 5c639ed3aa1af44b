"""The integer-programme attacker that the suppression tests share (test_suppression_linked.py,
test_inclusion_published.py): can a reader of the published tables tell a hidden number's value?"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import optimize


def takes_another_value(
    row: np.ndarray, constraints: Sequence[optimize.LinearConstraint], value: int, upper: int
) -> bool:
    """Whether some cube of whole numbers in [0, upper] that meets `constraints` (what is published) gives
    the number `row @ x` a value other than `value`: one search for a larger value, then one for a smaller
    (a feasible cube is enough; nothing is optimised)."""
    for low, high in ((value + 1, np.inf), (-np.inf, value - 1)):
        other = optimize.LinearConstraint(row[np.newaxis, :], low, high)
        result = optimize.milp(
            np.zeros(row.size),
            integrality=np.ones(row.size),
            bounds=optimize.Bounds(0, upper),
            constraints=[*constraints, other],
        )
        assert result.status in (0, 2), result.message  # a matching cube, or none (infeasible)
        if result.status == 0:
            return True
    return False
