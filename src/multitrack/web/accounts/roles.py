"""Roles in a compartment and what each may do (shared/DESIGN.md, "Security model")."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"  # everything, and manages the compartment's members
    EDITOR = "editor"  # reads and writes, may reveal identities
    ANALYST = "analyst"  # reads, sees persons by pseudonym only, runs analyses
    FUNDER = "funder"  # aggregates only: counts, charts, classifications; never a person-level row


ROLE_CHOICES = [
    (Role.OWNER.value, "Owner"),
    (Role.EDITOR.value, "Editor"),
    (Role.ANALYST.value, "Analyst"),
    (Role.FUNDER.value, "Funder"),
]

# What each role may do. Views and API endpoints ask for one of these capabilities.
CAPABILITIES: dict[str, frozenset[Role]] = {
    "aggregates": frozenset(Role),  # counts, classifications, initiative titles
    "rows": frozenset({Role.OWNER, Role.EDITOR, Role.ANALYST}),  # person-level rows, pseudonymised
    "write": frozenset({Role.OWNER, Role.EDITOR}),
    "reveal": frozenset({Role.OWNER, Role.EDITOR}),  # see a person's identity, audited
    "manage": frozenset({Role.OWNER}),  # members and the audit log
}


def allows(role: str | Role, capability: str) -> bool:
    return Role(role) in CAPABILITIES[capability]
