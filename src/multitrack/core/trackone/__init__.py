"""Track One beside Track Two: public research data on official peacemaking, as plain records.

Three datasets, read from the files their publishers distribute (the licences forbid shipping them):
PA-X peace agreements (`pax`), MEND mediation events (`mend`) and PADD delegates by gender and role per
agreement (`padd`). Each module checks a file's rows cell by cell and collects every problem with its row
and column; `figures` counts what the landscape shows.
"""

from .records import (
    DATASETS,
    Agreement,
    Delegation,
    MediationEvent,
    Parsed,
    Problem,
    TrackOneFormatError,
)

__all__ = [
    "DATASETS",
    "Agreement",
    "Delegation",
    "MediationEvent",
    "Parsed",
    "Problem",
    "TrackOneFormatError",
]
