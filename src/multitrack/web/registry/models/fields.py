"""Validators for the coded values the models keep."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from multitrack.core import vocab


@deconstructible
class CodeListValidator:
    """Checks a JSON list whose items must all be codes of the named vocabulary."""

    def __init__(self, vocabulary: str) -> None:
        self.vocabulary = vocabulary

    def __call__(self, value: Any) -> None:
        voc = vocab.ALL[self.vocabulary]
        if not isinstance(value, list):
            raise ValidationError("expected a list of codes")
        unknown = [v for v in value if v not in voc]
        if unknown:
            raise ValidationError(
                "unknown %(vocab)s code(s): %(codes)s",
                params={"vocab": voc.name, "codes": ", ".join(map(str, unknown))},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeListValidator) and other.vocabulary == self.vocabulary

    def __hash__(self) -> int:
        return hash(self.vocabulary)


def validate_country_list(value: Any) -> None:
    """ISO 3166-1 alpha-3 codes, e.g. ["COL", "VEN"]."""
    from multitrack.core.countries import unknown_alpha3

    if not isinstance(value, list):
        raise ValidationError("expected a list of ISO 3166 alpha-3 codes")
    unknown = unknown_alpha3(value)
    if unknown:
        raise ValidationError("not ISO 3166 alpha-3 codes: %(codes)s", params={"codes": ", ".join(unknown)})


def validate_int_list(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ValidationError("expected a list of whole numbers")
