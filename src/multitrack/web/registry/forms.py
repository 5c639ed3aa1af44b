"""Forms for the registry. Coded lists stored as JSON are edited as multiple choices."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multitrack.core import countries, vocab
from multitrack.web.accounts.access import writable_compartments
from multitrack.web.formfields import CommaListField, limit_text, model_choices

from . import choices
from .models import Actor, Context, Document, Event, Initiative, MeetingNote, Participation, Relationship
from .models.actor import PERSON_ONLY_MESSAGE

_M = TypeVar("_M", bound=Model)


class CodeListField(forms.MultipleChoiceField):
    """A JSON list of vocabulary codes, edited as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, vocabulary: vocab.Vocabulary, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(choices=lambda: choices.translated(vocabulary), **kwargs)


class ScopedForm(forms.ModelForm[_M]):
    """A model form told who fills it in, so that its choices stay inside the user's compartments."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        limit_text(self)
        if "compartment" in self.fields:
            writable = writable_compartments(user)
            model_choices(self, "compartment", writable)
            if not self.instance.pk and writable.count() == 1:
                self.fields["compartment"].initial = writable.first()

    def clean(self) -> dict[str, Any]:
        super().clean()  # a model form's clean() returns its cleaned data, though a form's may return None
        return self.cleaned_data

    def visible_actors(self, *, organisations_only: bool = False) -> QuerySet[Actor]:
        qs = Actor.objects.for_user(self.user)
        return qs.exclude(kind="person") if organisations_only else qs


class ContextForm(ScopedForm[Context]):
    countries = CommaListField(label=_("Countries"), help_text=_("ISO 3166 alpha-3 codes, e.g. COL, VEN."))
    gw_codes = CommaListField(items="int", label=_("Gleditsch–Ward codes"), help_text=_("e.g. 100, 101"))
    ucdp_conflict_ids = CommaListField(items="int", label=_("UCDP conflict ids"), help_text=_("e.g. 289"))

    class Meta:
        model = Context
        fields = ["name", "summary", "countries", "gw_codes", "ucdp_conflict_ids"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def clean_countries(self) -> list[str]:
        value: list[str] = self.cleaned_data["countries"]
        unknown = countries.unknown_alpha3(value)
        if unknown:
            raise forms.ValidationError(
                _("Not ISO 3166 alpha-3 codes: %(codes)s"), params={"codes": ", ".join(unknown)}
            )
        return value


class ActorForm(ScopedForm[Actor]):
    nine_tracks = CodeListField(vocab.NINE_TRACKS, label=_("Diamond–McDonald tracks"))
    identity_groups = CommaListField(
        items="text", label=_("Identity groups"), help_text=_("Optional and sensitive; comma-separated.")
    )
    aliases = CommaListField(items="text", label=_("Aliases"), help_text=_("Other names; comma-separated."))
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=lambda: [("", "—"), *countries.choices()]
    )

    class Meta:
        model = Actor
        fields = [
            "kind",
            "compartment",
            "name",
            "aliases",
            "ref",
            "level",
            "official_status",
            "position",
            "affiliation",
            "country",
            "nine_tracks",
            "gender",
            "age_group",
            "identity_groups",
            "contact",
            "date_of_birth",
            "contexts",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "contact": forms.Textarea(attrs={"rows": 2}),
            "contexts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        affiliations = self.visible_actors(organisations_only=True)
        if self.instance.pk:
            affiliations = affiliations.exclude(pk=self.instance.pk)
        model_choices(self, "affiliation", affiliations)
        self._add_attribute_fields()
        if "date_of_birth" in self.fields:  # the encrypted field's form field does not capitalise its label
            self.fields["date_of_birth"].label = _("Date of birth")
        for name, field in self.fields.items():  # hidden for other kinds by app.js, refused by clean()
            if name in Actor.PERSON_ONLY or name.startswith("attr_"):
                field.widget.attrs["data-person-only"] = ""
        self.resembles: list[Actor] = []
        if not self.instance.pk:
            self.fields["create_anyway"] = forms.BooleanField(
                required=False,
                widget=forms.HiddenInput,
                label=_("Create a new actor anyway"),
                help_text=_("Tick it if this is another actor than the one it resembles."),
            )

    def _add_attribute_fields(self) -> None:
        """One optional field per attribute the organisation defines (Inclusion > Attributes)."""
        from multitrack.web.inclusion.models import PersonAttribute

        current = self.instance.attributes or {}
        self.attribute_codes: list[str] = []
        for attribute in PersonAttribute.objects.all():
            field: forms.Field
            if attribute.values:
                options = [("", _("not recorded")), *[(v, v) for v in attribute.values]]
                field = forms.ChoiceField(label=attribute.label, required=False, choices=options)
            else:
                field = forms.CharField(label=attribute.label, required=False, max_length=100)
            field.help_text = _("Optional and sensitive (encrypted). %(about)s") % {
                "about": attribute.description
            }
            field.initial = current.get(attribute.code, "")
            self.fields[f"attr_{attribute.code}"] = field
            self.attribute_codes.append(attribute.code)
        if self.attribute_codes:
            names = list(self.fields)
            position = names.index("identity_groups") + 1
            extra = [f"attr_{code}" for code in self.attribute_codes]
            self.order_fields([*(n for n in names[:position] if n not in extra), *extra, *names[position:]])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kept = {k: v for k, v in (self.instance.attributes or {}).items() if k not in self.attribute_codes}
        given = {code: data.get(f"attr_{code}", "").strip() for code in self.attribute_codes}
        if data.get("kind") and data["kind"] != "person":  # attributes describe persons (Actor.PERSON_ONLY)
            for code in (code for code, value in given.items() if value):
                self.add_error(f"attr_{code}", PERSON_ONLY_MESSAGE)
            given = {}
        self.instance.attributes = {**kept, **{k: v for k, v in given.items() if v}}
        if "create_anyway" in self.fields and data.get("name") and not data.get("create_anyway"):
            self._hint_duplicates(data["name"], data.get("kind", ""))
        return data

    def _hint_duplicates(self, name: str, kind: str) -> None:
        """Before a new actor is created: the actors of the same kind whose names resemble it, among those
        the user may reveal. The user confirms, or opens the existing one; the hint is audited, as it
        says who a pseudonym is."""
        from .services.duplicates import resembling

        self.resembles = resembling(self.user, name, kind)
        if self.resembles:
            codes = ", ".join(actor.code for actor in self.resembles)
            self.fields["create_anyway"].widget = forms.CheckboxInput()
            self.add_error(
                None,
                _(
                    "This name resembles %(codes)s, already recorded. Open it to check, or tick “Create a "
                    "new actor anyway”."
                )
                % {"codes": codes},
            )

    def clean_ref(self) -> str | None:
        return self.cleaned_data["ref"] or None


class InitiativeForm(ScopedForm[Initiative]):
    objectives = CodeListField(vocab.OBJECTIVES, label=_("Objectives"))

    class Meta:
        model = Initiative
        fields = [
            "title",
            "compartment",
            "context",
            "ref",
            "summary",
            "third_party_type",
            "third_party",
            "format",
            "objectives",
            "declared_track",
            "discretion",
            "status",
            "start_date",
            "end_date",
            "funders",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "funders": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = self.visible_actors(organisations_only=True)
        model_choices(self, "third_party", organisations)
        model_choices(self, "funders", organisations)

    def clean_ref(self) -> str | None:
        return self.cleaned_data["ref"] or None


class OverrideForm(forms.Form):
    track = forms.ChoiceField(label=_("Track"), choices=choices.tracks)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        help_text=_("Why the computed track does not fit. Kept with your name and the date."),
    )


class EventForm(ScopedForm[Event]):
    class Meta:
        model = Event
        fields = ["title", "format", "start_date", "end_date", "location", "summary"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }


class ParticipationForm(ScopedForm[Participation]):
    """Add an actor to an event (or to the initiative as a whole) with a role."""

    actor = forms.ModelChoiceField(
        label=_("Actor"), queryset=Actor.objects.all(), help_text=_("Persons are listed by pseudonym.")
    )

    class Meta:
        model = Participation
        fields = ["actor", "role", "acting_capacity", "attended", "spoke", "notes"]
        widgets = {"notes": forms.TextInput()}

    def __init__(self, *args: Any, initiative: Initiative, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "actor", self.visible_actors())
        self.instance.initiative = initiative
        self.instance.event = event
        if event is not None and event.start_date > timezone.localdate() and not self.instance.pk:
            self.initial["attended"] = False  # a planned event: nobody has attended it yet

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        actor, role = cleaned.get("actor"), cleaned.get("role")
        if actor and role:
            clash = Participation.objects.filter(
                actor=actor, role=role, initiative=self.instance.initiative, event=self.instance.event
            )
            if clash.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _("%(actor)s already has this role here."), params={"actor": actor}
                )
        return cleaned


class RelationshipForm(ScopedForm[Relationship]):
    class Meta:
        model = Relationship
        fields = [
            "compartment",
            "source",
            "type",
            "target",
            "context",
            "valid_from",
            "valid_to",
            "evidence",
            "confidence",
            "notes",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actors = self.visible_actors()
        model_choices(self, "source", actors)
        model_choices(self, "target", actors)


class MeetingNoteForm(ScopedForm[MeetingNote]):
    """A note of what was said. Under the Chatham House Rule no speaker can be given: the field is
    refused in that case, and a stored non-attributable note never offers one."""

    class Meta:
        model = MeetingNote
        fields = ["text", "chatham_house", "speaker"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "speaker", self.visible_actors().filter(participations__event=event).distinct())
        self.fields["speaker"].help_text = _("Only for attributable notes.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("chatham_house") and cleaned.get("speaker"):
            self.add_error("speaker", _("A non-attributable note cannot name who spoke."))
        return cleaned


class DocumentForm(ScopedForm[Document]):
    """A document and its text, typed or pasted, or read from an uploaded file (.txt, .md, .pdf, .docx)."""

    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    upload = forms.FileField(
        label=_("or upload the text"),
        required=False,
        help_text=_(
            "A .txt, .md, .pdf or .docx file: its text replaces the text above; the file is not kept."
        ),
    )

    class Meta:
        model = Document
        fields = ["compartment", "initiative", "title", "kind", "date", "context", "url", "text"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "initiative": _(
                "The initiative that produced it, or whose evidence it is. Its compartment is used."
            ),
            "date": _("When it was issued: tracing leaves out official texts dated before an output."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "initiative", Initiative.objects.for_user(self.user, "write"))
        self.fields["compartment"].required = False
        self.fields["compartment"].help_text = _("Needed when no initiative is chosen.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("initiative") and not data.get("compartment"):
            self.add_error("compartment", _("Choose a compartment, or an initiative."))
        upload = data.get("upload")
        if upload is not None:
            from multitrack.sources.document_text import DocumentTextError, extract

            try:
                data["text"] = extract(upload.name, upload.read())
            except DocumentTextError as exc:
                self.add_error("upload", str(exc))
        return data

    def save(self, commit: bool = True) -> Document:
        document: Document = super().save(commit=False)
        if document.initiative_id is not None and document.initiative is not None:
            document.compartment_id = document.initiative.compartment_id
        document.text = self.cleaned_data.get("text", document.text)
        if commit:
            document.save()
        return document


class NewPersonForm(forms.Form):
    """A person met at an event, recorded from the event's page with the role they had there; kept in the
    initiative's compartment (the full actor form adds the rest later)."""

    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("Encrypted; shown by pseudonym."))
    level = forms.ChoiceField(
        label=_("Lederach level"), choices=lambda: [("", "—"), *choices.levels()], required=False
    )
    official_status = forms.ChoiceField(
        label=_("Official status"), choices=choices.official_status, initial="unofficial"
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=lambda: [("", "—"), *choices.genders()], required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=choices.participant_roles, initial="participant")
    create_anyway = forms.BooleanField(
        required=False, widget=forms.HiddenInput, label=_("Create a new person anyway")
    )
