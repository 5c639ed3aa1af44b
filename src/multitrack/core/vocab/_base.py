"""The shape of a controlled vocabulary: coded terms with a label, a definition and a source."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def gettext_noop(message: str) -> str:
    """Mark a label for translation without translating it here.

    The name matches Django's marker so that `makemessages` extracts the labels; the web layer
    translates them at display time with `gettext`.
    """
    return message


class UnknownCode(KeyError):
    """A code that the vocabulary does not contain."""

    def __init__(self, vocabulary: str, code: object, allowed: tuple[str, ...]) -> None:
        self.vocabulary = vocabulary
        self.code = code
        self.allowed = allowed
        super().__init__(f"unknown {vocabulary} code {code!r}; expected one of: {', '.join(allowed)}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary. `attrs` holds rule-relevant flags (e.g. a format's `new_practice`)."""

    code: str
    label: str
    definition: str
    source: str
    attrs: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def flag(self, name: str) -> bool:
        return bool(self.attrs.get(name, False))


class Vocabulary:
    """An ordered, immutable set of terms, looked up by code."""

    def __init__(self, name: str, title: str, terms: list[Term]) -> None:
        self.name = name
        self.title = title
        self._terms: dict[str, Term] = {}
        for term in terms:
            if term.code in self._terms:
                raise ValueError(f"duplicate code {term.code!r} in vocabulary {name}")
            self._terms[term.code] = term

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, code: object) -> bool:
        return code in self._terms

    def codes(self) -> tuple[str, ...]:
        return tuple(self._terms)

    def get(self, code: str) -> Term:
        """The term for `code`; raises UnknownCode naming the allowed codes."""
        try:
            return self._terms[code]
        except (KeyError, TypeError):
            raise UnknownCode(self.name, code, self.codes()) from None

    def label(self, code: str) -> str:
        return self.get(code).label

    def choices(self) -> list[tuple[str, str]]:
        """(code, label) pairs in order, for forms and model fields."""
        return [(t.code, t.label) for t in self]

    def with_flag(self, name: str) -> frozenset[str]:
        """Codes whose term has the boolean attribute `name` set."""
        return frozenset(t.code for t in self if t.flag(name))

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {len(self)} terms)"

    def __deepcopy__(self, memo: dict[int, object]) -> Vocabulary:
        # Immutable: forms deep-copy their fields (and so `choices=VOCAB.choices`); share, don't copy.
        return self

    def __copy__(self) -> Vocabulary:
        return self
