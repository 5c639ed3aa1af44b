"""Stable, non-identifying codes for actors (e.g. `P-7F3K`) and initiatives (e.g. `I-2M9Q`).

Codes use Crockford's base-32 alphabet (no I, L, O or U) so they read aloud and copy by hand without
ambiguity, and carry nothing derived from the person: they are random, and only their uniqueness is
checked against the codes already taken.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIXES = {"person": "P", "organisation": "O", "group": "G", "initiative": "I"}
CODE_RE = re.compile(r"^[POGI]-[0-9A-HJKMNP-TV-Z]{4,8}$")


class CodeSpaceExhausted(RuntimeError):
    """No free code could be found; the caller should retry with a longer code."""


def random_code(kind: str, length: int = 4, choice: Callable[[str], str] = secrets.choice) -> str:
    """A random code for an actor of `kind` (person, organisation, group) or for an initiative."""
    try:
        prefix = PREFIXES[kind]
    except KeyError:
        raise ValueError(f"unknown actor kind {kind!r}; expected one of: {', '.join(PREFIXES)}") from None
    return prefix + "-" + "".join(choice(ALPHABET) for _ in range(length))


def new_code(kind: str, taken: Callable[[str], bool], attempts: int = 20) -> str:
    """A random code not yet `taken`. Codes grow by one character when a length keeps colliding."""
    for length in range(4, 9):
        for _ in range(attempts):
            code = random_code(kind, length)
            if not taken(code):
                return code
    raise CodeSpaceExhausted(f"no free {kind} code after {attempts} attempts at each length")
