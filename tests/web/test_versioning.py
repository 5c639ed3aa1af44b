"""Conflict maps and theories of change share one versioned-document base (web/versioning.py): the same
fields, the same freeze and the same refusal to change a saved version, each worded for its kind."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from multitrack.web.conflictmaps.models import ConflictMap, SavedVersion
from multitrack.web.evaluation.models import SavedToc, TheoryOfChange
from multitrack.web.versioning import Versioned
from tests import factories as f

pytestmark = pytest.mark.django_db

KINDS: dict[str, dict[str, Any]] = {
    "map": {
        "make": lambda: f.conflict_map(),
        "fill": lambda m: f.map_node(m, "Farmers' union"),
        "content": lambda m: m.nodes.get(),
        "empty": "An empty map cannot be saved as a version; add its parties first.",
        "saved": "Map {} is a saved version and cannot change; start a new version from it instead.",
        "error": SavedVersion,
    },
    "toc": {
        "make": lambda: f.toc(),
        "fill": lambda t: f.toc_element(t, "Dialogue rounds"),
        "content": lambda t: t.elements.get(),
        "empty": "An empty theory of change cannot be saved; add its elements first.",
        "saved": "Theory of change {} is a saved version and cannot change; start a new version from it.",
        "error": SavedToc,
    },
}


def test_both_kinds_are_versions_with_the_same_fields():
    shared = {"based_on", "notes", "created_by", "created_at", "saved_at", "saved_by"}
    for model in (ConflictMap, TheoryOfChange):
        assert issubclass(model, Versioned)
        assert shared <= {field.name for field in model._meta.get_fields()}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_freeze_refuses_an_empty_draft_then_saves_and_locks(kind: str):
    k = KINDS[kind]
    user = get_user_model().objects.create_user("saver")
    version = k["make"]()
    with pytest.raises(ValidationError) as empty:
        version.freeze(user)
    assert empty.value.messages == [k["empty"]]
    assert not version.is_saved
    k["fill"](version)
    version.freeze(user)
    assert version.is_saved and version.saved_by == user and version.saved_at is not None
    version.notes = "changed"
    with pytest.raises(k["error"]) as saved:
        version.save()
    assert saved.value.messages == [k["saved"].format(version.pk)]
    row = k["content"](version)
    with pytest.raises(k["error"]):
        row.delete()
    with pytest.raises(k["error"]):
        version.freeze(user)  # a saved version is not saved again
