"""The explained track classification of an initiative, computed from its components.

Palmiano Federer (2021) asks for conceptual clarity: "Track Two" means different things to different
actors. So the classifier does not only return a track; it says which rule applied to which participant
group, and it warns where the record is ambiguous or where the declared label disagrees with the
components. The rules follow the brief (Tables 1 and 2), Lederach (1997) and Jones (2015).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

# Re-exported: callers build Components here and pass them to classify.
from .components import Components as Components
from .components import ParticipantGroup as ParticipantGroup
from .vocab import (
    ACTING_CAPACITY,
    FORMATS,
    LEVELS,
    OBJECTIVES,
    OFFICIAL_STATUS,
    THIRD_PARTY_TYPES,
    TRACKS,
)

WARNING_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "declared_track_differs": "The declared track differs from the track computed from the components.",
        "officials_private_capacity": "Serving officials take part in a private capacity; some would call "
        "this Track 1.5 rather than Track 2.",
        "official_convener_unofficial_participants": "An official third party (a state, the UN or a regional "
        "organisation) convenes, but no group takes part as serving officials in an official capacity.",
        "no_third_party": "No third party is recorded, or the record says there is none; Track Two is "
        "facilitated by a third party by definition.",
        "no_participants": "No participant groups are recorded, so no track can be computed.",
        "proscribed_participant": "A participant is on a proscription or terrorist list; engagement needs a "
        "recorded ethics decision.",
        "linking_without_objective": "The groups span Track 1 and Track 3, but linking Track Three to "
        "Track One is not a recorded objective.",
        "no_objective": "No objective is recorded, so the theory of change and the mode are unclear.",
    }
)
"""Every warning code `classify` can emit, with what it means; the order is the order of emission."""

WARNING_CODES: tuple[str, ...] = tuple(WARNING_DESCRIPTIONS)

_TRACK_ORDER = {code: i for i, code in enumerate(TRACKS.codes())}
_CLASSIC = ("scholar_practitioner", "problem_solving_workshop", "transfer_to_track_one")


@dataclass(frozen=True)
class ClarityWarning:
    """Something in the record that is ambiguous, inconsistent or ethically sensitive."""

    code: str
    text: str


@dataclass(frozen=True)
class Classification:
    """The computed track, linked tracks, phase and mode, with the reasons and warnings."""

    track: str | None
    linked_tracks: tuple[str, ...]
    phase: str
    mode: str
    explanation: tuple[str, ...]
    warnings: tuple[ClarityWarning, ...]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary."""
        return {
            "track": self.track,
            "linked_tracks": list(self.linked_tracks),
            "phase": self.phase,
            "mode": self.mode,
            "explanation": list(self.explanation),
            "warnings": [{"code": w.code, "text": w.text} for w in self.warnings],
        }

    def warning_codes(self) -> frozenset[str]:
        """The codes of the warnings raised."""
        return frozenset(w.code for w in self.warnings)


def group_track(group: ParticipantGroup) -> str:
    """The track a participant group belongs to on its own."""
    if group.official_in_office:
        return "1"
    return "3" if group.level == "grassroots" else "2"


def _join(items: Iterable[str]) -> str:
    """Phrases joined as English: "A", "A and B", "A, B and C"."""
    words = list(items)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _quoted(labels: Iterable[str]) -> str:
    return _join(f'"{label}"' for label in labels)


def _names(groups: Iterable[ParticipantGroup]) -> str:
    """Group labels, quoted, as English."""
    return _quoted(g.label for g in groups)


def _lc(label: str) -> str:
    """Lower-case a label's first letter for use mid-sentence, unless it starts an acronym (NGO)."""
    if label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _third_party_name(code: str) -> str:
    """A third-party type as a noun phrase with its article: "an NGO mediator", "the United Nations"."""
    if code == "un":
        return "the United Nations"
    return _a(_lc(THIRD_PARTY_TYPES.label(code)))


def _a(phrase: str) -> str:
    """The phrase with its indefinite article; "NGO" is read "en-gee-oh", so it takes "an"."""
    article = "an" if phrase[:1] in "aeiouAEIOU" or phrase.startswith("NGO") else "a"
    return f"{article} {phrase}"


def _sentence(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def _third_party_phrase(tp: str | None) -> str:
    if tp is None:
        return "no third party is recorded"
    if tp == "none":
        return "the record says there is no third party"
    return f"the third party is {_third_party_name(tp)}"


def _group_line(group: ParticipantGroup, track: str) -> str:
    if track == "1":
        why = "serving officials acting in an official capacity"
    else:
        status = _lc(OFFICIAL_STATUS.label(group.official_status))
        capacity = _lc(ACTING_CAPACITY.label(group.acting_capacity))
        level = _lc(LEVELS.label(group.level))
        why = f"{status}, acting in {_a(capacity)}, at {level} level"
        if track == "2":
            why += ", so neither serving officials acting officially nor grassroots"
    return f'Group "{group.label}" counts as {TRACKS.label(track)}: {why}.'


def _track(c: Components) -> tuple[str | None, list[str]]:
    groups = c.participants
    if not groups:
        return None, ["No participant groups are recorded, so no track can be computed."]
    lines = [_group_line(g, group_track(g)) for g in groups]
    in_office = [g for g in groups if g.official_in_office]
    official_tp = c.third_party_type in THIRD_PARTY_TYPES.with_flag("official")
    if in_office and official_tp:
        lines.append(
            f"Track 1: {_names(in_office)} take part as serving officials in an official capacity and "
            f"{_third_party_phrase(c.third_party_type)}, an official actor, so this is official diplomacy."
        )
        return "1", lines
    if in_office:
        tp = c.third_party_type
        unofficial = ", an unofficial actor" if tp not in (None, "none") else ""
        lines.append(
            f"Track 1.5: {_names(in_office)} take part as serving officials in an official capacity, but "
            f"{_third_party_phrase(tp)}{unofficial}; without an official third party this is Track 1.5, "
            "where unofficial actors work with official representatives of the parties."
        )
        return "1.5", lines
    upper = [g for g in groups if g.level != "grassroots"]
    if upper:
        lines.append(
            f"Track 2: no group takes part as serving officials in an official capacity, and {_names(upper)} "
            "are at top or middle-range leadership level."
        )
        return "2", lines
    lines.append(
        f"Track 3: every group ({_names(groups)}) is at grassroots level and none takes part as serving "
        "officials in an official capacity."
    )
    return "3", lines


def _linked(c: Components) -> tuple[tuple[str, ...], list[str]]:
    tracks = sorted({group_track(g) for g in c.participants}, key=_TRACK_ORDER.__getitem__)
    lines: list[str] = []
    if len(tracks) > 1:
        spanned = _join(TRACKS.label(t) for t in tracks)
        lines.append(f"The participant groups span {spanned}, so the initiative links these tracks.")
    if "1" in tracks and "3" in tracks:
        top = [g for g in c.participants if group_track(g) == "1"]
        grassroots = [g for g in c.participants if group_track(g) == "3"]
        lines.append(
            f"It links Track Three directly to Track One: grassroots {_names(grassroots)} meet serving "
            f"officials {_names(top)}, the linking that Palmiano Federer (2021) identifies as a development "
            "of the new Track Two."
        )
    return tuple(tracks), lines


def _phase(c: Components) -> tuple[str, str]:
    tp, fmt, objectives = c.third_party_type, c.format, set(c.objectives)
    if tp == _CLASSIC[0] and fmt == _CLASSIC[1] and _CLASSIC[2] in objectives:
        return "classic", (
            "Phase: classic Track Two (Palmiano Federer 2021, Table 1): a scholar-practitioner third party, "
            "a problem-solving workshop and transfer into Track One as the objective."
        )
    reasons: list[str] = []
    if tp in ("ngo_mediator", "faith_based"):
        reasons.append(f"the third party is {_third_party_name(tp)}")
    if fmt in FORMATS.with_flag("new_practice"):
        reasons.append(f'the format, "{FORMATS.label(fmt)}", is one of the new practices')
    new_objectives = [
        o for o in OBJECTIVES.codes() if o in objectives and OBJECTIVES.get(o).flag("new_practice")
    ]
    if new_objectives:
        reasons.append(f"the objectives include {_quoted(OBJECTIVES.label(o) for o in new_objectives)}")
    if reasons:
        return "new", f"Phase: new Track Two (Palmiano Federer 2021), because {_join(reasons)}."
    missing: list[str] = []
    if tp != _CLASSIC[0]:
        missing.append("a scholar-practitioner third party")
    if fmt != _CLASSIC[1]:
        missing.append("a problem-solving workshop format")
    if _CLASSIC[2] not in objectives:
        missing.append("transfer into Track One as an objective")
    return "classic", (
        "Phase: classic by default, because no feature of the new Track Two is recorded (an NGO or "
        "faith-based mediator, a new-practice format, or a linking or local-agreement objective); but it "
        f"lacks classic components: {_join(missing)}."
    )


def _close_to_power(g: ParticipantGroup) -> str | None:
    """Why a group counts as close to power for Jones's hard Track Two, or None."""
    if g.level == "top":
        return "top leadership"
    if g.official_status == "former_official":
        return "former officials"
    if g.official_status == "serving_official" and g.acting_capacity == "private":
        return "serving officials in a private capacity"
    return None


def _mode(c: Components) -> tuple[str, str]:
    hard = [o for o in OBJECTIVES.codes() if o in c.objectives and OBJECTIVES.get(o).flag("hard")]
    close = [(g, why) for g in c.participants if (why := _close_to_power(g)) is not None]
    aims = (
        f"the objective{'s' if len(hard) > 1 else ''} {_quoted(OBJECTIVES.label(o) for o in hard)} "
        f"aim{'' if len(hard) > 1 else 's'} directly at officials"
    )
    if hard and close:
        who = _join([f'"{g.label}" ({why})' for g, why in close])
        return (
            "hard",
            f"Mode: hard Track Two (Jones 2015; Agha et al. 2003): {aims}, and {who} are close to power.",
        )
    if hard:
        return "soft", (
            f"Mode: soft Track Two (Jones 2015): {aims}, but no group is close to power (top leadership, "
            "former officials, or serving officials in a private capacity)."
        )
    return "soft", (
        "Mode: soft Track Two (Jones 2015): no objective aims directly at officials (transfer into Track One "
        "or concrete policy proposals), so the initiative works on relationships and understanding."
    )


def _warnings(c: Components, track: str | None, linked: tuple[str, ...]) -> list[ClarityWarning]:
    found: dict[str, str] = {}
    groups = c.participants
    if c.declared_track is not None and c.declared_track != track:
        computed = TRACKS.label(track) if track is not None else "no track"
        found["declared_track_differs"] = (
            f"Declared as {TRACKS.label(c.declared_track)}, but the components give {computed}; reconcile "
            "the label with who takes part and who convenes."
        )
    private = [
        g for g in groups if g.official_status == "serving_official" and g.acting_capacity == "private"
    ]
    if private:
        found["officials_private_capacity"] = (
            f"{_names(private)} are serving officials acting in a private capacity; this is counted as "
            "Track 2, but some would call this Track 1.5."
        )
    tp = c.third_party_type
    if (
        tp in THIRD_PARTY_TYPES.with_flag("official")
        and groups
        and not any(g.official_in_office for g in groups)
    ):
        found["official_convener_unofficial_participants"] = (
            f"{_sentence(_third_party_phrase(tp))}, an official actor, but no "
            "group takes part as serving officials in an official capacity; state the convener's mandate."
        )
    if tp in (None, "none"):
        found["no_third_party"] = (
            f"{_sentence(_third_party_phrase(tp))}; Track Two is by definition facilitated "
            "by a third party (Montville & Davidson 1981)."
        )
    if not groups:
        found["no_participants"] = "No participant groups are recorded, so no track can be computed."
    if c.proscribed:
        found["proscribed_participant"] = (
            "A participant is proscribed (on a terrorist or sanctions list); engagement needs a recorded "
            "ethics decision (Palmiano Federer 2021, risk R4)."
        )
    if "1" in linked and "3" in linked and "link_track_three_to_one" not in c.objectives:
        found["linking_without_objective"] = (
            "The groups span Track 1 and Track 3, but linking Track Three to Track One is not a recorded "
            "objective; record it if it is intended."
        )
    if not c.objectives:
        found["no_objective"] = "No objective is recorded, so the theory of change and the mode are unclear."
    # Emit in the documented order, whatever order the checks ran in.
    return [ClarityWarning(code, found[code]) for code in WARNING_CODES if code in found]


def classify(components: Components) -> Classification:
    """Classify an initiative: track, linked tracks, phase and mode, each with its reason."""
    track, explanation = _track(components)
    linked, linked_lines = _linked(components)
    phase, phase_line = _phase(components)
    mode, mode_line = _mode(components)
    return Classification(
        track=track,
        linked_tracks=linked,
        phase=phase,
        mode=mode,
        explanation=(*explanation, *linked_lines, phase_line, mode_line),
        warnings=tuple(_warnings(components, track, linked)),
    )
