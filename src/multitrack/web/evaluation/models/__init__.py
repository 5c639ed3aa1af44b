from .indicators import Indicator, Measurement, Target
from .outcomes import Outcome, Substantiation
from .toc import SavedToc, TheoryOfChange, TocElement, TocLink, TocNote
from .transfers import Transfer

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
    "Transfer",
]
