"""What a consultation found, as plain data for every output: the analysis page, the report page, the
Track Two document it becomes, the API and the command line (one pipeline, several shells).

Counts of people leave only suppressed (MULTITRACK_MIN_CELL, with complementary suppression): the
participation by invited group, and each opinion group's answers to the optional questions. Opinion groups
themselves are never smaller than the threshold (the core merges or hides smaller ones).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from multitrack.core.consultation import Analysis
from multitrack.core.suppression import SuppressedTable, Table, suppress

from .demographics import questions_for
from .models import Consultation, Participant, Statement
from .phrases import LANGUAGES
from .services.analysis import Result, current

NO_ANSWER = "no answer"


def group_name(group: int) -> str:
    return f"Group {chr(ord('A') + group)}" if 0 <= group < 26 else f"Group {group + 1}"


@dataclass(frozen=True)
class Said:
    """A statement in each language it has, original first."""

    number: int
    texts: tuple[tuple[str, str], ...]  # (language code, text)

    @property
    def text(self) -> str:
        return self.texts[0][1] if self.texts else ""


@dataclass(frozen=True)
class RepresentativeRow:
    said: Said
    direction: str  # agree / disagree
    share_group: float  # of the group's votes on it, the share in `direction`
    share_rest: float
    votes_group: int
    metric: float
    pa: float
    pat: float
    ra: float
    rat: float


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    size: int
    representative: tuple[RepresentativeRow, ...]


@dataclass(frozen=True)
class ByGroupRow:
    said: Said
    direction: str
    shares: tuple[float, ...]  # agree (or disagree) share per opinion group, with pseudocounts
    probability: float


@dataclass(frozen=True)
class Report:
    consultation: Consultation
    questions: tuple[tuple[str, str], ...]  # (language code, question)
    analysis: Analysis
    votes: int
    statements: int
    took_part: int
    took_part_shown: str
    groups: tuple[GroupRow, ...]
    consensus: tuple[ByGroupRow, ...]
    divisive: tuple[ByGroupRow, ...]
    participation: SuppressedTable  # invited group x took part
    demographics: tuple[tuple[str, SuppressedTable], ...]  # question label, answer x opinion group

    @property
    def group_names(self) -> tuple[str, ...]:
        return tuple(g.name for g in self.groups)


def _said(statement: Statement, languages: list[str]) -> Said:
    order = [statement.language, *(c for c in languages if c != statement.language)]
    return Said(statement.number, tuple((c, statement.texts[c]) for c in order if statement.texts.get(c)))


def _share(n: int, of: int) -> float:
    return n / of if of else 0.0


def build(consultation: Consultation, result: Result | None = None) -> Report:
    result = result or current(consultation)
    analysis = result.analysis
    threshold = int(settings.MIN_CELL)
    languages = consultation.languages or ["en"]
    said = {s.pk: _said(s, languages) for s in consultation.statements.all()}
    groups = []
    for g in analysis.groups:
        rows = []
        for r in g.representative:
            agree = r.direction == "agree"
            n_group, n_rest = (r.na, r.na_rest) if agree else (r.nd, r.nd_rest)
            rows.append(
                RepresentativeRow(
                    # The core's keys are any Hashable; this app's are pks (int).
                    said[int(r.statement)],  # type: ignore[call-overload]
                    r.direction,
                    _share(n_group, r.ns),
                    _share(n_rest, r.ns_rest),
                    r.ns,
                    r.metric,
                    r.pa if agree else r.pd,
                    r.pat if agree else r.pdt,
                    r.ra if agree else r.rd,
                    r.rat if agree else r.rdt,
                )
            )
        groups.append(GroupRow(g.id, group_name(g.id), g.size, tuple(rows)))
    # The core's keys are any Hashable; this app's are pks (int).
    consensus = tuple(
        ByGroupRow(said[int(c.statement)], c.direction, c.by_group, c.probability)  # type: ignore[call-overload]
        for c in (*analysis.consensus_agree, *analysis.consensus_disagree)
    )
    divisive = tuple(
        ByGroupRow(said[int(d.statement)], "agree", d.agree_by_group, d.spread)  # type: ignore[call-overload]
        for d in analysis.divisive
    )
    took_part = Participant.objects.filter(consultation=consultation, votes__isnull=False).distinct()
    n = took_part.count()
    return Report(
        consultation=consultation,
        questions=tuple((c, consultation.question[c]) for c in languages if consultation.question.get(c)),
        analysis=analysis,
        votes=result.votes,
        statements=consultation.statements.filter(status="accepted").count(),
        took_part=n,
        took_part_shown=str(n) if n == 0 or n >= threshold else f"fewer than {threshold}",
        groups=tuple(groups),
        consensus=consensus,
        divisive=divisive,
        participation=_participation(consultation, threshold),
        demographics=_demographics(consultation, result, threshold),
    )


def _participation(consultation: Consultation, threshold: int) -> SuppressedTable:
    rows = Participant.objects.filter(consultation=consultation, votes__isnull=False).distinct()
    counts = Counter(label or "no group" for label in rows.values_list("group__label", flat=True))
    labels = [g.label for g in consultation.groups.all()] + (["no group"] if counts.get("no group") else [])
    table = Table(tuple(labels), ("took part",), tuple((counts.get(label, 0),) for label in labels))
    return suppress(table, threshold)


def _demographics(
    consultation: Consultation, result: Result, threshold: int
) -> tuple[tuple[str, SuppressedTable], ...]:
    group_of = result.group_of
    names = [group_name(g.id) for g in result.analysis.groups]
    if not names:
        return ()
    answers = dict(
        Participant.objects.filter(consultation=consultation, pk__in=list(group_of)).values_list(
            "pk", "answers"
        )
    )
    tables = []
    for question in questions_for(consultation, consultation.language):
        rows = [label for _value, label in question.choices] + [NO_ANSWER]
        label_of = dict(question.choices)
        pairs = (
            (label_of.get(answers.get(pk, {}).get(question.code, ""), NO_ANSWER), names[g])
            for pk, g in group_of.items()
        )
        tables.append((question.label, suppress(Table.from_pairs(pairs, rows=rows, cols=names), threshold)))
    return tuple(tables)


def as_text(report: Report) -> str:
    """The report as the text of a Track Two document: every statement in every language it has, so that
    transfer tracing can find it later in Track One texts whatever language they are in."""
    c = report.consultation
    lines = [f"Consultation: {c.title}", ""]
    lines += [f"Question ({LANGUAGES.get(code, code)}): {text}" for code, text in report.questions]
    lines += [
        "",
        f"Participants: {report.took_part_shown}. Votes: {report.votes}. Statements: {report.statements}. "
        f"Opinion groups: {len(report.groups)}.",
        "",
        "Participation by invited group:",
    ]
    lines += [f"- {row[0]}: {row[1]}" for row in report.participation.to_rows()[1:]]
    lines += ["", "What all opinion groups agree on:"]
    lines += _statements(report.consensus) or ["- none found"]
    for group in report.groups:
        lines += ["", f"{group.name} ({group.size} participants) stands out on:"]
        lines += _statements(group.representative) or ["- no statement stands out"]
    lines += ["", "Where the groups differ most:"]
    lines += _statements(report.divisive) or ["- none found"]
    return "\n".join(lines) + "\n"


def _statements(rows: tuple[RepresentativeRow, ...] | tuple[ByGroupRow, ...]) -> list[str]:
    out = []
    for row in rows:
        verb = "disagree: " if row.direction == "disagree" else ""
        out.append("")
        out += [f"{verb}{text}" for _code, text in row.said.texts]
    return out


def as_json(report: Report) -> dict[str, Any]:
    """The analysis as JSON (API, command line): statements by number, participants by random id."""
    consultation = report.consultation
    analysis = report.analysis
    number = dict(consultation.statements.values_list("pk", "number"))
    ref = dict(Participant.objects.filter(consultation=consultation).values_list("pk", "ref"))
    summary = analysis.summary()
    summary["assignments"] = [
        {"participant": ref[a["participant"]], "group": a["group"]} for a in summary["assignments"]
    ]
    summary["consensus"] = [number[s] for s in summary["consensus"]]
    summary["representative"] = {k: [number[s] for s in v] for k, v in summary["representative"].items()}
    return {
        "participants_placed": len(analysis.clustered) + len(analysis.unclustered),
        "participants_grouped": len(analysis.clustered),
        "min_votes": analysis.min_votes,
        "min_group_size": analysis.min_group_size,
        "votes": report.votes,
        "groups": [
            {
                "id": g.id,
                "name": group_name(g.id),
                "size": g.size,
                "representative": [
                    {
                        "statement": r.said.number,
                        "direction": r.direction,
                        "share_group": r.share_group,
                        "share_rest": r.share_rest,
                        "votes_group": r.votes_group,
                        "repness": r.metric,
                        "probability": r.pa,
                        "probability_z": r.pat,
                        "ratio": r.ra,
                        "ratio_z": r.rat,
                    }
                    for r in g.representative
                ],
            }
            for g in report.groups
        ],
        "consensus": [_by_group(r) for r in report.consensus],
        "divisive": [_by_group(r) for r in report.divisive],
        "reason": analysis.reason,
        "silhouettes": {str(k): v for k, v in analysis.silhouettes.items()},
        "explained_variance": list(analysis.explained_variance),
        "flags": sorted(analysis.flags),
        "summary": summary,
    }


def _by_group(row: ByGroupRow) -> dict[str, Any]:
    return {
        "statement": row.said.number,
        "direction": row.direction,
        "shares": list(row.shares),
        "score": row.probability,
    }
