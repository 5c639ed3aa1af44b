from .toc import SavedToc, TheoryOfChange, TocElement, TocLink, TocNote

__all__ = ["SavedToc", "TheoryOfChange", "TocElement", "TocLink", "TocNote"]
