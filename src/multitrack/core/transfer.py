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

Re-ranking (optional): given a `reranker` — a sentence-embedding model, `semantic.Reranker` when the extra
`multitrack[semantic]` is installed — BM25 first proposes a pool of candidates (POOL_FACTOR × k, at least
MIN_POOL, after the date rule), then each candidate's score becomes a fusion of its BM25 score and the
cosine similarity of the two passages' embeddings (see `fuse`). Without a reranker nothing changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import bm25s
import numpy as np
import numpy.typing as npt

MIN_PASSAGE = 60  # characters: shorter paragraphs are joined to the next one
MAX_PASSAGE = 700  # characters: longer paragraphs are cut at sentence ends
NGRAM = 4
POOL_FACTOR = 10  # re-ranking: BM25 proposes POOL_FACTOR × k candidates ...
MIN_POOL = 30  # ... and at least this many
LEXICAL_WEIGHT = 0.4  # re-ranking: the weight of BM25 in the fused score (see `fuse`)
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
    score: float  # BM25 when `method` is "bm25", else the fused score in [0, 1] (see `fuse`)
    shared: tuple[str, ...]  # the words the two passages share (for highlighting), in the target's order
    undated: bool = False  # the Track One text has no date: the date rule could not be applied
    method: str = "bm25"  # how it was ranked: "bm25", or the reranker's name ("bm25+minilm")
    lexical: float = 0.0  # the BM25 score, in both modes (`trace` sets it; equal to `score` for "bm25")
    similarity: float | None = None  # the cosine similarity of the two passages' embeddings, when re-ranked


class Reranker(Protocol):
    """What re-ranking needs from a sentence-embedding model (`semantic.Reranker` is one)."""

    @property
    def name(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One row per text, L2-normalised (a row's dot product with another is their cosine)."""
        ...


@dataclass(frozen=True)
class Match:
    """A passage found for a query, re-ranked."""

    passage: Passage
    score: float  # the fused score (see `fuse`)
    lexical: float  # its BM25 score
    similarity: float  # the cosine similarity of the query's and the passage's embeddings


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
        self._dates = np.array(
            [(d.toordinal() if (d := self.texts[p.doc].date) else -1) for p in self.passages], dtype=np.int64
        )  # per passage: its text's date as an ordinal, -1 when undated
        self.retriever = bm25s.BM25(method="lucene")
        # Token ids passage by passage: holding every passage's token strings at once costs several times
        # the memory (measured in benchmarks/bench_tracing.py).
        vocabulary: dict[str, int] = {}
        ids = [
            [vocabulary.setdefault(token, len(vocabulary)) for token in tokens(p.text, ngrams) or ["_"]]
            for p in self.passages
        ]
        if ids:
            self.retriever.index((ids, vocabulary), show_progress=False)

    def __len__(self) -> int:
        return len(self.passages)

    def search(
        self, text: str, k: int = 3, *, not_before: date | None = None, reranker: Reranker | None = None
    ) -> list[tuple[Passage, float]]:
        """The `k` passages that best match `text`, from texts not dated before `not_before`, with their
        BM25 score; with a `reranker`, re-ranked from a larger BM25 pool, with their fused score."""
        if reranker is not None:
            pool = self.search(text, pool_size(k), not_before=not_before)
            return [(m.passage, m.score) for m in rerank(text, pool, reranker, k)]
        query = tokens(text, self.ngrams)
        if not query or not self.passages:
            return []
        # Score every passage in one vectorised call, then keep the best k among those the date rule
        # allows (texts dated on or after `not_before`, and undated ones): no top-k larger than k is
        # ever selected, whatever share of the texts the date rule leaves out.
        scores = np.asarray(self.retriever.get_scores(query), dtype=np.float64)
        if not_before is None:
            allowed = np.flatnonzero(scores > 0)
        else:
            dated_ok = (self._dates >= not_before.toordinal()) | (self._dates < 0)
            allowed = np.flatnonzero(dated_ok & (scores > 0))
        if allowed.size == 0:
            return []
        kept = scores[allowed]
        n = min(k, int(allowed.size))
        best = np.argpartition(-kept, n - 1)[:n] if n < allowed.size else np.arange(allowed.size)
        best = best[np.lexsort((allowed[best], -kept[best]))]  # by score, ties by position
        return [(self.passages[int(allowed[i])], float(kept[i])) for i in best]


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


def pool_size(k: int) -> int:
    """How many BM25 candidates re-ranking looks at for `k` results."""
    return max(k * POOL_FACTOR, MIN_POOL)


def fuse(
    lexical: Sequence[float], similarity: Sequence[float], weight: float = LEXICAL_WEIGHT
) -> list[float]:
    """The fused scores of one query's candidates: `weight` × BM25 divided by the pool's best BM25, plus
    (1 − `weight`) × the cosine similarity clipped to [0, 1]. Both parts lie in [0, 1], and so does the sum.

    The cosine is kept as it is rather than stretched to the pool's range (min-max): where the model
    cannot tell the candidates apart — it was trained on English, and on Arabic text its similarities are
    all alike — their cosines stay close together and BM25 decides, instead of noise being stretched to
    the same weight as the lexical evidence. Reciprocal-rank fusion fails the same way (it keeps only
    ranks, however small the differences behind them). The measurements are in docs/transfer-tracing.md."""
    best = max(lexical, default=0.0)
    return [
        weight * (lex / best if best > 0 else 0.0) + (1 - weight) * min(max(sim, 0.0), 1.0)
        for lex, sim in zip(lexical, similarity, strict=True)
    ]


def _cosines(query: npt.NDArray[np.float32], rows: npt.NDArray[np.float32]) -> list[float]:
    if rows.shape[0] == 0:
        return []
    norms = np.linalg.norm(rows, axis=1) * max(float(np.linalg.norm(query)), 1e-12)
    return [float(x) for x in (rows @ query) / np.maximum(norms, 1e-12)]


def _ranked(
    pool: Sequence[tuple[Passage, float]], cosines: Sequence[float], k: int, weight: float
) -> list[Match]:
    scores = fuse([s for _, s in pool], cosines, weight)
    matches = [Match(p, f, s, c) for (p, s), f, c in zip(pool, scores, cosines, strict=True)]
    matches.sort(key=lambda m: (-m.score, -m.lexical, m.passage.doc, m.passage.index))
    return matches[:k]


def rerank(
    query: str,
    found: Sequence[tuple[Passage, float]],
    reranker: Reranker,
    k: int = 3,
    *,
    weight: float = LEXICAL_WEIGHT,
) -> list[Match]:
    """The `k` best of `found` (BM25's candidates for `query`, with their BM25 scores) by fused score."""
    if not found:
        return []
    vectors = reranker.embed([query, *(p.text for p, _ in found)])
    return _ranked(found, _cosines(vectors[0], vectors[1:]), k, weight)


def trace(
    output: Text, tracer: Tracer, k: int = 3, limit: int = 20, reranker: Reranker | None = None
) -> list[Suggestion]:
    """Possible transfers of `output` (a Track Two text) into the Track One texts of `tracer`: for each of
    its passages the `k` best matches, all ranked by score, at most `limit`.

    With a `reranker` each passage's BM25 pool is re-ranked (see `fuse`), the passages of the output and
    of all the pools embedded in one batch; the suggestions then carry the reranker's name as `method`."""
    sources = passages(output.text, output.id)
    found: list[Suggestion] = []

    def suggest(
        source: Passage, target: Passage, score: float, method: str, lexical: float, cos: float | None
    ) -> None:
        undated = output.date is not None and tracer.texts[target.doc].date is None
        shared = shared_words(source.text, target.text)
        found.append(Suggestion(source, target, score, shared, undated, method, lexical, cos))

    if reranker is None:
        for source in sources:
            for target, score in tracer.search(source.text, k, not_before=output.date):
                suggest(source, target, score, "bm25", score, None)
    else:
        pools = [tracer.search(p.text, pool_size(k), not_before=output.date) for p in sources]
        for source, matches in zip(sources, _rerank_all(sources, pools, reranker, k), strict=True):
            for m in matches:
                suggest(source, m.passage, m.score, reranker.name, m.lexical, m.similarity)
    found.sort(key=lambda s: (-s.score, s.source.index, s.target.doc, s.target.index))
    return found[:limit]


def _rerank_all(
    sources: Sequence[Passage], pools: Sequence[Sequence[tuple[Passage, float]]], reranker: Reranker, k: int
) -> list[list[Match]]:
    """Each source's pool re-ranked; every distinct text embedded once, in one call."""
    if not any(pools):
        return [[] for _ in sources]
    row: dict[str, int] = {}
    for text in [p.text for p in sources] + [p.text for pool in pools for p, _ in pool]:
        row.setdefault(text, len(row))
    vectors = reranker.embed(list(row))
    return [
        _ranked(
            pool,
            _cosines(vectors[row[source.text]], vectors[[row[p.text] for p, _ in pool]]),
            k,
            LEXICAL_WEIGHT,
        )
        if pool
        else []
        for source, pool in zip(sources, pools, strict=True)
    ]


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
