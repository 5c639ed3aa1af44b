from .indicators import Indicator, Measurement, Target
from .outcomes import Outcome, Substantiation
from .toc import SavedToc, TheoryOfChange, TocElement, TocLink, TocNote

__all__ = [
    "Indicator",
    "Measurement",
    "Outcome",
    "SavedToc",
    "Substantiation",
    "Target",
    "TheoryOfChange",
    "TocElement",
    "TocLink",
    "TocNote",
]
