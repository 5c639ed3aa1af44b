"""Tracing Track Two outputs into Track One texts: passages, a lexical ranking, dates, and the overlap.

A Track Two output (a workshop paper, a non-paper, a communiqué) and the Track One texts it may have fed
(agreements, official statements) are split into passages — paragraphs, long ones cut at sentence ends.
Each passage of the output is a query against the passages of the Track One texts, ranked with BM25
(`bm25s`); the best matches are proposed as possible transfers with their score and the words the two
passages share, for a person to confirm or reject. A Track One text dated before the output cannot be a
transfer of it and is left out; a text without a date is kept and marked as such.

Tokens: words in Unicode (Latin, Cyrillic, Arabic …), case-folded and accent-stripped, without common
function words of English, French, Spanish and Arabic. With `ngrams` (the default) each word also gives
its character 4-grams, so that inflected or derived forms meet ("négociation"/"négociations",
"acuerdo"/"acuerdos", Arabic words with clitics such as "والمياه"/"المياه"), a help for languages whose
words change shape more than English's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import bm25s

MIN_PASSAGE = 60  # characters: shorter paragraphs are joined to the next one
MAX_PASSAGE = 700  # characters: longer paragraphs are cut at sentence ends
NGRAM = 4
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?؟;])\s+")
_PARAGRAPH = re.compile(r"\n\s*\n")

_STOPWORD_TEXT = """
a an and are as at be by for from has have in is it its of on or that the their this to was were will
with which shall should may can not no all any each other such these those into under upon also both
le la les de des du un une et en est sont pour par sur dans au aux ce cette ces qui que ou ne pas se
son sa ses leur leurs avec plus ete etre
el los las del una unos unas y es son para por con su sus al lo como mas ni este esta
من في على إلى عن مع أن إن هذا هذه التي الذي ذلك كل و أو ثم قد لا ما هو هي
"""


def fold(word: str) -> str:
    """Case-folded, accents and Arabic diacritics stripped: "Négociation" → "negociation"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


STOPWORDS = frozenset(fold(word) for word in _STOPWORD_TEXT.split())  # compared with folded words


@dataclass(frozen=True)
class Passage:
    doc: str  # the document's id, as the caller gives it
    index: int  # the passage's place in its document, from 0
    text: str
    start: int  # character offsets in the document's text
    end: int


@dataclass(frozen=True)
class Text:
    id: str
    text: str
    date: date | None = None
    title: str = ""


@dataclass(frozen=True)
class Suggestion:
    source: Passage  # a passage of the Track Two output
    target: Passage  # a passage of a Track One text
    score: float
    shared: tuple[str, ...]  # the words the two passages share (for highlighting), in the target's order
    undated: bool = False  # the Track One text has no date: the date rule could not be applied


def passages(text: str, doc: str = "") -> list[Passage]:
    """Paragraphs (blank-line separated), short ones joined to the next, long ones cut at sentence ends."""
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in _chunks(text):
        first = start if pending is None else pending
        if len(text[first:end].strip()) < MIN_PASSAGE:
            pending = first
            continue
        merged.append((first, end))
        pending = None
    if pending is not None:  # a short last paragraph joins the one before it
        if merged:
            merged[-1] = (merged[-1][0], len(text))
        else:
            merged.append((pending, len(text)))
    out: list[Passage] = []
    for start, end in merged:
        for piece_start, piece_end in _cut(text, start, end):
            raw = text[piece_start:piece_end]
            body = raw.strip()
            if body:
                offset = piece_start + raw.index(body)
                out.append(Passage(doc, len(out), body, offset, offset + len(body)))
    return out


def _chunks(text: str) -> Iterable[tuple[int, int]]:
    position = 0
    for separator in _PARAGRAPH.finditer(text):
        if text[position : separator.start()].strip():
            yield position, separator.start()
        position = separator.end()
    if text[position:].strip():
        yield position, len(text)


def _cut(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """[start, end) in pieces of at most MAX_PASSAGE characters, cut after a sentence when possible, else
    at a space."""
    if end - start <= MAX_PASSAGE:
        yield start, end
        return
    bounds = [m.end() for m in _SENTENCE_END.finditer(text, start, end)] + [end]
    piece, previous = start, start
    for bound in bounds:
        if bound - piece > MAX_PASSAGE and previous > piece:
            yield piece, previous
            piece = previous
        previous = bound
    while end - piece > MAX_PASSAGE:  # one sentence longer than a passage
        cut = text.rfind(" ", piece + 1, piece + MAX_PASSAGE)
        cut = cut if cut > piece else piece + MAX_PASSAGE
        yield piece, cut
        piece = cut
    yield piece, end


def words(text: str) -> list[str]:
    """The content words of `text`, folded, in order (function words and single letters dropped)."""
    out = []
    for raw in _WORD.findall(text):
        word = fold(raw)
        if len(word) > 1 and word not in STOPWORDS and not word.isdigit():
            out.append(word)
    return out


def tokens(text: str, ngrams: bool = True) -> list[str]:
    """The words, and with `ngrams` each word's character 4-grams (marked with "#")."""
    out: list[str] = []
    for word in words(text):
        out.append(word)
        if ngrams and len(word) > NGRAM:
            padded = f"_{word}_"
            out.extend(f"#{padded[i : i + NGRAM]}" for i in range(len(padded) - NGRAM + 1))
    return out


class Tracer:
    """The passages of a set of Track One texts, indexed once for BM25 queries."""

    def __init__(self, texts: Sequence[Text], *, ngrams: bool = True) -> None:
        self.texts = {t.id: t for t in texts}
        self.ngrams = ngrams
        self.passages: list[Passage] = [p for t in texts for p in passages(t.text, t.id)]
        self.retriever = bm25s.BM25(method="lucene")
        corpus = [tokens(p.text, ngrams) or ["_"] for p in self.passages]
        if corpus:
            self.retriever.index(corpus, show_progress=False)

    def __len__(self) -> int:
        return len(self.passages)

    def search(self, text: str, k: int = 3, *, not_before: date | None = None) -> list[tuple[Passage, float]]:
        """The `k` passages that best match `text`, from texts not dated before `not_before`."""
        query = tokens(text, self.ngrams)
        if not query or not self.passages:
            return []
        allowed = [
            i
            for i, p in enumerate(self.passages)
            if not_before is None or (d := self.texts[p.doc].date) is None or d >= not_before
        ]
        if not allowed:
            return []
        # ask for enough to keep k after the date rule drops earlier texts
        want = min(len(self.passages), max(k, k + len(self.passages) - len(allowed)))
        results, scores = self.retriever.retrieve([query], k=want, show_progress=False)
        keep = set(allowed)
        found = [
            (self.passages[int(i)], float(s))
            for i, s in zip(results[0], scores[0], strict=True)
            if int(i) in keep and float(s) > 0
        ]
        return found[:k]


def shared_words(a: str, b: str) -> tuple[str, ...]:
    """The content words of `b` that `a` also has (by their folded form), once each, in `b`'s order."""
    mine = set(words(a))
    seen: set[str] = set()
    out: list[str] = []
    for raw in _WORD.findall(b):
        word = fold(raw)
        if word in mine and word not in seen:
            seen.add(word)
            out.append(raw)
    return tuple(out)


def trace(output: Text, tracer: Tracer, k: int = 3, limit: int = 20) -> list[Suggestion]:
    """Possible transfers of `output` (a Track Two text) into the Track One texts of `tracer`: for each of
    its passages the `k` best matches, all ranked by score, at most `limit`."""
    found: list[Suggestion] = []
    for source in passages(output.text, output.id):
        for target, score in tracer.search(source.text, k, not_before=output.date):
            undated = output.date is not None and tracer.texts[target.doc].date is None
            found.append(Suggestion(source, target, score, shared_words(source.text, target.text), undated))
    found.sort(key=lambda s: (-s.score, s.source.index, s.target.doc, s.target.index))
    return found[:limit]


def highlight(text: str, shared: Iterable[str]) -> list[tuple[str, bool]]:
    """`text` in segments, each marked True when it is one of the shared words (for <mark>)."""
    wanted = {fold(w) for w in shared}
    out: list[tuple[str, bool]] = []
    position = 0
    for match in _WORD.finditer(text):
        if fold(match.group()) in wanted:
            if match.start() > position:
                out.append((text[position : match.start()], False))
            out.append((match.group(), True))
            position = match.end()
    if position < len(text):
        out.append((text[position:], False))
    return out
