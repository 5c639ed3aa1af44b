"""The landscape page's filters: a period (years, as the CLI's --from/--to) and a track."""

from __future__ import annotations

from typing import Any

from django import forms

from multitrack.core import vocab


class LandscapeFilter(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in (("from", "From"), ("to", "to")):
            self.fields[name] = forms.IntegerField(
                label=label, required=False, min_value=1900, max_value=2200,
                widget=forms.NumberInput(attrs={"class": "year", "placeholder": "year"}),
            )  # fmt: skip
        self.fields["track"] = forms.ChoiceField(
            label="Track",
            required=False,
            choices=[("", "All tracks"), *((t.code, t.label) for t in vocab.TRACKS)],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("from"), data.get("to")
        if first is not None and last is not None and first > last:
            raise forms.ValidationError(f"“From” ({first}) is after “to” ({last}).")
        return data

    def values(self) -> tuple[int | None, int | None, str]:
        """(from, to, track); none of them when the form is not bound or not valid."""
        if not self.is_bound or not self.is_valid():
            return None, None, ""
        return (
            self.cleaned_data.get("from"),
            self.cleaned_data.get("to"),
            self.cleaned_data.get("track") or "",
        )
