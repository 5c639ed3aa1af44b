"""Forms of the theory-of-change editor: every element, link, assumption and risk by form."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multitrack.web.formfields import model_choices
from multitrack.web.registry.forms import ScopedForm
from multitrack.web.registry.models import Initiative

from ..models import TheoryOfChange, TocElement, TocLink, TocNote

DATE = forms.DateInput(attrs={"type": "date"})
_Part = TypeVar("_Part", TocElement, TocLink, TocNote)


class TocForm(ScopedForm[TheoryOfChange]):
    class Meta:
        model = TheoryOfChange
        fields = ["compartment", "initiative", "title", "as_of", "notes"]
        widgets = {"as_of": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "initiative", Initiative.objects.for_user(self.user, "write"))
        self.fields["compartment"].required = False
        self.fields["compartment"].help_text = _("For a portfolio theory of change (no initiative).")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        initiative = data.get("initiative")
        if initiative is not None:
            data["compartment"] = initiative.compartment
            self.instance.compartment = initiative.compartment
        elif data.get("compartment") is None:
            self.add_error("compartment", _("Choose the initiative, or the compartment of a portfolio."))
        return data


class NewVersionForm(forms.Form):
    as_of = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)


class TocPartForm(ScopedForm[_Part]):
    """A form for a part of one theory-of-change version."""

    def __init__(self, *args: Any, toc: TheoryOfChange, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.toc = toc
        self.instance.toc = toc


class ElementForm(TocPartForm[TocElement]):
    class Meta:
        model = TocElement
        fields = ["level", "label"]


class ElementRenameForm(TocPartForm[TocElement]):
    """An element's label alone, edited in place."""

    class Meta:
        model = TocElement
        fields = ["label"]


class LinkForm(TocPartForm[TocLink]):
    class Meta:
        model = TocLink
        fields = ["source", "target", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("source", "target"):
            model_choices(
                self, name, self.toc.elements.all(), label=lambda e: f"{e.label} ({e.get_level_display()})"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source, target = data.get("source"), data.get("target")
        if source is not None and source == target:
            self.add_error("target", _("An element cannot lead to itself."))
        elif source is not None and target is not None:
            others = TocLink.objects.filter(source=source, target=target).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("target", _("This link is already drawn; edit it instead."))
        return data


class NoteForm(TocPartForm[TocNote]):
    class Meta:
        model = TocNote
        fields = ["kind", "text", "element", "link"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "element", self.toc.elements.all(), label=lambda e: e.label)
        model_choices(
            self,
            "link",
            self.toc.links.select_related("source", "target"),
            label=lambda link: f"{link.source.label} → {link.target.label}",
        )
        self.fields["element"].help_text = _(
            "On one element, on one link, or (both blank) on the whole theory."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("element") is not None and data.get("link") is not None:
            self.add_error("link", _("Attach the note to an element or to a link, not both."))
        return data
