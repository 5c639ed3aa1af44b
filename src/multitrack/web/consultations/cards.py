"""Invitation cards to print: each card's link and its QR code (segno, drawn here as inline SVG data).

The links are absolute: MULTITRACK_PUBLIC_URL when set (the address participants' phones reach), else the
address the facilitator's browser used.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.http import HttpRequest
from django.urls import reverse

from multitrack import config

from .services.actions import Card


@dataclass(frozen=True)
class PrintedCard:
    number: int
    group: str
    url: str
    qr: str  # a data: URI of the QR code as SVG, allowed by the CSP as an image


def card_url(request: HttpRequest | None, token: str) -> str:
    path = reverse("participate", args=[token])
    base = config.raw("MULTITRACK_PUBLIC_URL").rstrip("/")
    if base:
        return base + path
    if request is None:
        return path
    return request.build_absolute_uri(path)


def card_images(request: HttpRequest | None, cards: list[Card]) -> list[PrintedCard]:
    printed = []
    for card in cards:
        url = card_url(request, card.token)
        qr = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
        printed.append(PrintedCard(card.number, card.group, url, qr))
    return printed
