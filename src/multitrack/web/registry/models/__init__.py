"""The registry's nouns (shared/DESIGN.md, "Data model")."""

from .actor import Actor
from .context import Context
from .document import Document
from .initiative import Event, Initiative, Participation, TrackOverride
from .notes import MeetingNote
from .relationship import Relationship

__all__ = [
    "Actor",
    "Context",
    "Document",
    "Event",
    "Initiative",
    "MeetingNote",
    "Participation",
    "Relationship",
    "TrackOverride",
]
