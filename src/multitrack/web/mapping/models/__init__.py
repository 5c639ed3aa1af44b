"""Conflict maps and the public conflict data (UCDP) kept beside them."""

from .conflictmap import (
    ConflictMap,
    DnhFactor,
    MapComment,
    MapContributor,
    MapNode,
    MapTie,
    SavedVersion,
)
from .ucdp import UcdpConflictYear, UcdpDyadYear, UcdpImport

__all__ = [
    "ConflictMap",
    "DnhFactor",
    "MapComment",
    "MapContributor",
    "MapNode",
    "MapTie",
    "SavedVersion",
    "UcdpConflictYear",
    "UcdpDyadYear",
    "UcdpImport",
]
