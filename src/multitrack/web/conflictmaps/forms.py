"""Forms of the conflict-map editor: every element can be added and changed without drag-and-drop."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Manager, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multitrack.web.formfields import choice_field, model_choices
from multitrack.web.registry.forms import ScopedForm
from multitrack.web.registry.models import Actor, Context, Initiative

from .models import ConflictMap, DnhFactor, MapComment, MapContributor, MapNode, MapTie

DATE = forms.DateInput(attrs={"type": "date"})
_Element = TypeVar("_Element", MapNode, MapTie, DnhFactor, MapContributor)


class MapForm(ScopedForm[ConflictMap]):
    class Meta:
        model = ConflictMap
        fields = ["compartment", "context", "as_of", "perspective", "notes"]
        widgets = {"as_of": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "context", Context.objects.for_user(self.user))


class NewVersionForm(forms.Form):
    as_of = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    perspective = forms.CharField(
        label=_("Perspective"),
        max_length=200,
        help_text=_("Whose view; keep it to compare with the same view."),
    )


class MapElementForm(ScopedForm[_Element]):
    """A form for an element of one map version."""

    def __init__(self, *args: Any, conflict_map: ConflictMap, reveal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict_map = conflict_map
        self.reveal = reveal
        self.instance.map = conflict_map


class NodeForm(MapElementForm[MapNode]):
    class Meta:
        model = MapNode
        fields = ["kind", "label", "power", "actor", "names_person", "notes"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 2}),
            "power": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].required = False
        self.fields["label"].help_text = _("As the contributors name it. Blank: the linked actor's name.")
        model_choices(self, "actor", Actor.objects.for_user(self.user))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("label"):
            actor = data.get("actor")
            if actor is None:
                self.add_error("label", _("Give a label, or link the node to a registry actor."))
            else:
                data["label"] = actor.name
                self.instance.label = actor.name
        return data


class NodeRenameForm(MapElementForm[MapNode]):
    """A node's label alone, edited in place (not for a node that names a person: see views.node_rename)."""

    class Meta:
        model = MapNode
        fields = ["label"]


class TieForm(MapElementForm[MapTie]):
    class Meta:
        model = MapTie
        fields = ["source", "type", "target", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nodes = self.conflict_map.nodes.select_related("actor")
        for name in ("source", "target"):
            model_choices(self, name, nodes, label=lambda n: n.shown_label(reveal=self.reveal))


class FactorForm(MapElementForm[DnhFactor]):
    class Meta:
        model = DnhFactor
        fields = ["kind", "category", "description", "initiatives"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "initiatives": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(
            self,
            "initiatives",
            Initiative.objects.for_user(self.user, "write").filter(compartment=self.conflict_map.compartment),
        )


class ContributorForm(MapElementForm[MapContributor]):
    class Meta:
        model = MapContributor
        fields = ["actor", "user", "consent", "consent_on", "consent_note"]
        widgets = {"consent_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "actor", Actor.objects.for_user(self.user))
        self.fields["actor"].help_text = _("A participant from the registry, or")
        # Members of the map's compartment; and whoever is already recorded (they may have left the team).
        members = Q(memberships__compartment=self.conflict_map.compartment)
        if self.instance.user_id:
            members |= Q(pk=self.instance.user_id)
        model_choices(self, "user", get_user_model().objects.filter(members).distinct())
        self.fields["user"].help_text = _("a member of the team who drew the map.")
        if self.instance.pk:  # who it is stays; only consent changes
            for name in ("actor", "user"):
                self.fields[name].disabled = True


class CommentForm(forms.ModelForm[MapComment]):
    element = forms.ChoiceField(label=_("On"), required=False)

    class Meta:
        model = MapComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, conflict_map: ConflictMap, reveal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict_map = conflict_map
        labels = {n.pk: n.shown_label(reveal=reveal) for n in conflict_map.nodes.select_related("actor")}
        options: list[tuple[str, str]] = [("", str(_("the whole map")))]
        options += [(f"node:{pk}", label) for pk, label in labels.items()]
        options += [
            (
                f"tie:{t.pk}",
                f"{labels.get(t.source_id, '?')} — {t.get_type_display()} — {labels.get(t.target_id, '?')}",
            )
            for t in conflict_map.ties.all()
        ]
        options += [
            (f"factor:{x.pk}", f"{x.get_kind_display()}: {x.description[:40]}")
            for x in conflict_map.factors.all()
        ]
        choice_field(self, "element").choices = options

    def clean_element(self) -> tuple[str, int] | None:
        value: str = self.cleaned_data.get("element") or ""
        if not value:
            return None
        kind, _sep, pk = value.partition(":")
        return kind, int(pk)

    def save(self, commit: bool = True) -> MapComment:
        comment: MapComment = super().save(commit=False)
        comment.map = self.conflict_map
        element = self.cleaned_data.get("element")
        if element:
            kind, pk = element
            related: dict[str, Manager[MapNode] | Manager[MapTie] | Manager[DnhFactor]] = {
                "node": self.conflict_map.nodes,
                "tie": self.conflict_map.ties,
                "factor": self.conflict_map.factors,
            }
            setattr(comment, kind, related[kind].get(pk=pk))
        if commit:
            comment.save()
        return comment
