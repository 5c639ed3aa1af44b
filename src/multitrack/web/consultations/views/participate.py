"""The participant page: no account, no name, a card's link, one statement at a time.

Server-rendered and usable without JavaScript (plain forms, redirect after each post); htmx, when it
loads, posts the vote and gets the next statement card in the same answer (one round trip on a slow
connection, not a redirect and a second page), and swaps only the card, errors included. The pages
carry `Cache-Control: no-store` and `Referrer-Policy: no-referrer`, since the card's token is in the
address. Forms are exempt from Django's CSRF cookie check:
the token in the address is the credential, and a page on another site cannot know it.

Nothing about the device or the network is stored; an unknown or revoked token gets the same plain
"this link is not valid" page (status 404), whether it never existed or was revoked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..demographics import questions_for
from ..models import Participant
from ..phrases import LANGUAGES, RIGHT_TO_LEFT, phrases
from ..services import actions
from ..services.actions import ConsultationError


def _language(request: HttpRequest, participant: Participant | None) -> str:
    wanted = request.GET.get("lang", "")
    if participant is not None:
        allowed = participant.consultation.languages or ["en"]
        if wanted in allowed:
            if participant.consented:
                actions.set_language(participant, wanted)
            return wanted
        return participant.language if participant.language in allowed else allowed[0]
    return wanted if wanted in LANGUAGES else "en"


def _page(
    request: HttpRequest, template: str, participant: Participant | None, status: int = 200, **extra: Any
) -> HttpResponse:
    lang = extra.pop("lang", None) or _language(request, participant)
    consultation = participant.consultation if participant else None
    context = {
        "p": phrases(lang),
        "lang": lang,
        "rtl": lang in RIGHT_TO_LEFT,
        "participant": participant,
        "consultation": consultation,
        "question": consultation.text_of(consultation.question, lang)[0] if consultation else "",
        "languages": [
            (c, LANGUAGES[c]) for c in (consultation.languages if consultation else []) if c in LANGUAGES
        ],
        **extra,
    }
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["Content-Language"] = lang
    return response


def _htmx(request: HttpRequest) -> bool:
    """Whether the page's script sent the request: it wants the statement card alone, not a redirect."""
    return request.headers.get("HX-Request") == "true"


CARD = "consultations/_vote_card.html"
PAGE = "consultations/participate_vote.html"


def _invalid(request: HttpRequest) -> HttpResponse:
    return _page(request, "consultations/participate_invalid.html", None, status=404)


def _home(token: str) -> str:
    return reverse("participate", args=[token])


View = Callable[[HttpRequest, Participant, str], HttpResponse]


def card(*, started: bool) -> Callable[[View], Callable[[HttpRequest, str], HttpResponse]]:
    """The view receives the participant whose card the token is; an unknown or revoked token gets the
    "not valid" page, and with `started` a participant who has not started yet is sent to the start."""

    def decorate(view: View) -> Callable[[HttpRequest, str], HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, token: str) -> HttpResponse:
            participant = actions.participant_for_token(token)
            if participant is None:
                return _invalid(request)
            if started and not participant.consented:
                return redirect(_home(token))
            return view(request, participant, token)

        return wrapped

    return decorate


def _error(
    request: HttpRequest, participant: Participant, error: ConsultationError, token: str
) -> HttpResponse:
    status = 429 if error.code == "slow_down" else 409 if error.code in ("closed", "not_open") else 400
    lang = _language(request, participant)
    p = phrases(lang)
    message = p.get(error.code, p["invalid"]).replace("{n}", str(actions.MAX_STATEMENT))
    return _page(
        request, CARD if _htmx(request) else PAGE, participant, status=status, token=token, lang=lang,
        error=message, open_form=error.code in ("too_long", "empty"), **_voting(participant, lang),
    )  # fmt: skip


def _voting(participant: Participant, lang: str) -> dict[str, Any]:
    """What the voting card shows: the next statement in the participant's language when it has one."""
    nxt = actions.next_statement(participant)
    p = phrases(lang)
    context: dict[str, Any] = {"statement": nxt.statement, "max_statement": actions.MAX_STATEMENT}
    if nxt.statement is not None:
        text, written_in = nxt.statement.text(lang)
        context |= {
            "statement_text": text,
            "statement_lang": written_in,
            "progress": p["progress"].format(n=nxt.voted + 1, total=nxt.total),
            "original": p["original"].format(language=LANGUAGES.get(written_in, written_in))
            if written_in != lang
            else "",
        }
    return context


@card(started=False)
def participate(request: HttpRequest, participant: Participant, token: str) -> HttpResponse:
    state = participant.consultation.state()
    if state != "open":
        return _page(request, "consultations/participate_state.html", participant, state=state)
    if not participant.consented:
        lang = _language(request, participant)
        return _page(
            request, "consultations/participate_start.html", participant, token=token, lang=lang,
            questions=questions_for(participant.consultation, lang),
        )  # fmt: skip
    lang = _language(request, participant)
    done = request.GET.get("done", "")
    flash = phrases(lang)[done] if done in ("voted", "held", "shown") else ""
    return _page(
        request, PAGE, participant, token=token, lang=lang, flash=flash,
        **_voting(participant, lang),
    )  # fmt: skip


@csrf_exempt
@require_POST
@card(started=False)
def participate_start(request: HttpRequest, participant: Participant, token: str) -> HttpResponse:
    consultation = participant.consultation
    lang = request.POST.get("lang", "")
    lang = lang if lang in consultation.languages else consultation.language
    answers = {}
    for question in questions_for(consultation, lang):
        value = request.POST.get(f"q_{question.code}", "")
        if value in question.values:
            answers[question.code] = value
    try:
        actions.start(participant, lang, answers)
    except ConsultationError:
        return redirect(_home(token))
    return redirect(_home(token))


@csrf_exempt
@require_POST
@card(started=True)
def participate_vote(request: HttpRequest, participant: Participant, token: str) -> HttpResponse:
    try:
        number = int(request.POST.get("statement", ""))
        value = int(request.POST.get("value", ""))
    except ValueError:
        return _error(request, participant, ConsultationError("bad_vote"), token)
    try:
        actions.cast_vote(participant, number, value)
    except ConsultationError as error:
        return _error(request, participant, error, token)
    if _htmx(request):
        lang = _language(request, participant)
        return _page(
            request, CARD, participant, token=token, lang=lang, flash=phrases(lang)["voted"],
            **_voting(participant, lang),
        )  # fmt: skip
    return redirect(_home(token) + "?done=voted")


@csrf_exempt
@require_POST
@card(started=True)
def participate_statement(request: HttpRequest, participant: Participant, token: str) -> HttpResponse:
    try:
        statement = actions.submit_statement(participant, request.POST.get("text", ""))
    except ConsultationError as error:
        return _error(request, participant, error, token)
    return redirect(_home(token) + ("?done=shown" if statement.status == "accepted" else "?done=held"))


@card(started=False)
def participate_votes(request: HttpRequest, participant: Participant, token: str) -> HttpResponse:
    """The participant's own votes, and the way to withdraw them."""
    lang = _language(request, participant)
    latest = actions.latest_votes(participant)
    statements = participant.consultation.statements.filter(pk__in=latest).order_by("number")
    p = phrases(lang)
    label = {1: p["agree"], -1: p["disagree"], 0: p["pass"]}
    rows = [(s.text(lang)[0], label[latest[s.pk]]) for s in statements]
    return _page(
        request, "consultations/participate_votes.html", participant, token=token, rows=rows, lang=lang
    )


@csrf_exempt
@require_POST
@card(started=False)
def participate_withdraw(request: HttpRequest, participant: Participant, token: str) -> HttpResponse:
    actions.withdraw(participant)
    return _page(request, "consultations/participate_state.html", participant, state="withdrawn", token=token)
