"""The optional questions a consultation may ask its participants: gender, age group, and any person
attribute the organisation defined for inclusion analytics (so the answers line up with the registry's).

Every question is optional and "prefer not to say" is always offered; the answers are kept encrypted on
the participant and only ever leave as suppressed counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from multitrack.core import vocab

BUILT_IN = ("gender", "age")

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "gender": "Gender", "woman": "Woman", "man": "Man", "non_binary": "Another gender",
        "age": "Age", "youth": "Under 30", "adult": "30 to 59", "elder": "60 or over",
    },
    "fr": {
        "gender": "Genre", "woman": "Femme", "man": "Homme", "non_binary": "Autre genre",
        "age": "Âge", "youth": "Moins de 30 ans", "adult": "30 à 59 ans", "elder": "60 ans ou plus",
    },
    "es": {
        "gender": "Género", "woman": "Mujer", "man": "Hombre", "non_binary": "Otro género",
        "age": "Edad", "youth": "Menos de 30", "adult": "De 30 a 59", "elder": "60 o más",
    },
    "ar": {
        "gender": "النوع الاجتماعي", "woman": "امرأة", "man": "رجل", "non_binary": "نوع اجتماعي آخر",
        "age": "العمر", "youth": "أقل من 30", "adult": "من 30 إلى 59", "elder": "60 أو أكثر",
    },
}  # fmt: skip

_VALUES = {
    "gender": [t.code for t in vocab.GENDERS if t.code != "undisclosed"],
    "age": [t.code for t in vocab.AGE_GROUPS],
}


@dataclass(frozen=True)
class Question:
    code: str
    label: str
    choices: tuple[tuple[str, str], ...]  # (value, label)

    @property
    def values(self) -> frozenset[str]:
        return frozenset(v for v, _label in self.choices)


def available() -> list[tuple[str, str]]:
    """(code, label) of every question a facilitator may choose, in the staff's language."""
    from multitrack.web.inclusion.models import PersonAttribute

    return [
        ("gender", str(vocab.GENDERS.title)),
        ("age", str(vocab.AGE_GROUPS.title)),
        *((a.code, a.label) for a in PersonAttribute.objects.all()),
    ]


def questions_for(consultation: object, lang: str) -> list[Question]:
    from multitrack.web.inclusion.models import PersonAttribute

    wanted = list(getattr(consultation, "demographics", []) or [])
    labels = _LABELS.get(lang, _LABELS["en"])
    attributes = {a.code: a for a in PersonAttribute.objects.filter(code__in=wanted)}
    questions = []
    for code in wanted:
        if code in BUILT_IN:
            questions.append(Question(code, labels[code], tuple((v, labels[v]) for v in _VALUES[code])))
        elif code in attributes and attributes[code].values:
            a = attributes[code]
            questions.append(Question(code, a.label, tuple((str(v), str(v)) for v in a.values)))
    return questions
