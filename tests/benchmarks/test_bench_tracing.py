"""The tracing benchmark's generator, answer key and hit rates, on a tiny corpus (the figures themselves
are what `python -m benchmarks tracing` reports)."""

from __future__ import annotations

import re
from datetime import date

from benchmarks import bench_tracing as bench
from multitrack.core import transfer

SIZE = 4000  # characters a document, on average
MODAL = re.compile(r"\b(shall|will|must|undertake to|agree to)\b")


def corpus(n: int = 8, seed: int = bench.SEED) -> tuple[bench.World, list[bench.Doc]]:
    return bench.make_corpus(n, seed, SIZE)


def test_generator_is_deterministic_and_documents_differ():
    world, docs = corpus()
    again_world, again = corpus()
    assert [d.text for d in docs] == [d.text for d in again]
    assert [q.text for q in bench.make_queries(world, docs, 30)] == [
        q.text for q in bench.make_queries(again_world, again, 30)
    ]
    _, other = corpus(seed=bench.SEED + 1)
    assert [d.text for d in docs] != [d.text for d in other]
    # a document does not depend on how many are generated
    assert bench.make_corpus(3, bench.SEED, SIZE)[1][2].text == docs[2].text
    assert len({d.text for d in docs}) == len(docs)
    # agreement-like: numbered clauses of the template set, in more than one topic
    assert all(len(d.clauses) >= 5 for d in docs)
    assert len({bench.ALL_TEMPLATES[p.clause.template][0] for d in docs for p in d.clauses}) > 5


def test_clauses_are_placed_where_the_text_says():
    _, docs = corpus()
    for doc in docs:
        for placed in doc.clauses:
            text = doc.text[placed.start : placed.end]
            rendered = bench.render(placed.clause, modal="shall")  # the modals are drawn at random
            assert MODAL.sub("shall", text[:-1]) == MODAL.sub(
                "shall", rendered[:-1]
            )  # (preambles end in ",")
            held = bench._holding(doc, [placed])[0]
            assert held, "every clause is in a passage"
            by_index = {p.index: p for p in transfer.passages(doc.text, doc.id)}
            assert any(text in by_index[i].text for _, i in held)


def test_planted_queries_record_their_target_passage():
    world, docs = corpus()
    queries = bench.make_queries(world, docs, 60)
    planted = [q for q in queries if q.target]
    assert 30 < len(planted) < 60  # PLANTED_SHARE of them, the rest distractors
    by_id = {d.id: d for d in docs}
    for q in queries:
        if not q.target:
            assert q.level == "distractor" and q.same == ()
            continue
        assert q.level in ("close", "synonyms", "sparse")
        assert set(q.target) <= set(q.same)
        doc_id, index = q.target[0]
        passage = transfer.passages(by_id[doc_id].text, doc_id)[index]
        assert q.text not in passage.text  # a paraphrase, not a copy
        assert q.date is not None and q.date < by_id[doc_id].date  # the output precedes its target
    # close paraphrases keep more of the target's words than sparse ones
    overlap: dict[str, list[int]] = {}
    for q in planted:
        doc_id, index = q.target[0]
        passage = transfer.passages(by_id[doc_id].text, doc_id)[index]
        overlap.setdefault(q.level, []).append(
            len(set(transfer.words(q.text)) & set(transfer.words(passage.text)))
        )
    assert sum(overlap["close"]) / len(overlap["close"]) > sum(overlap["sparse"]) / len(overlap["sparse"])


def test_engine_and_baseline_find_an_exact_copy_first():
    _, docs = corpus(6)
    texts = [transfer.Text(d.id, d.text, d.date) for d in docs]
    tracer = transfer.Tracer(texts)
    baseline = bench.CosineBaseline(texts)
    assert [(p.doc, p.index) for p in baseline.passages] == [(p.doc, p.index) for p in tracer.passages]
    counts: dict[str, int] = {}
    for p in tracer.passages:
        counts[p.text] = counts.get(p.text, 0) + 1
    chosen = [p for p in tracer.passages if counts[p.text] == 1 and len(p.text) > 150][::7][:10]
    assert chosen
    for passage in chosen:
        assert tracer.search(passage.text, 3)[0][0] == passage
        top, score = baseline.search(passage.text, 3)[0]
        assert top == passage and abs(score - 1.0) < 1e-4  # cosine of a vector with itself
    assert baseline.search("", 3) == []


def test_hit_rates_count_top1_top3_and_same_provision():
    def query(level: str, target: tuple[tuple[str, int], ...], same: tuple[tuple[str, int], ...] = ()):
        return bench.Query("text", level, target, same or target, date(2000, 1, 1))

    queries = [
        query("close", (("a", 1),)),
        query("close", (("a", 2),)),
        query("sparse", (("b", 1),), (("b", 1), ("c", 4))),
        query("distractor", ()),
    ]
    found = [
        [("a", 1), ("x", 0), ("y", 0)],  # first
        [("x", 0), ("y", 0), ("a", 2)],  # third
        [("c", 4), ("x", 0), ("y", 0), ("b", 1)],  # a twin third, the target only fourth
        [("a", 1)],  # distractors are not counted
    ]
    rates = bench.hit_rates(found, queries)
    assert rates["close"] == (0.5, 1.0, 1.0, 2)
    assert rates["sparse"] == (0.0, 0.0, 1.0, 1)
    assert rates["all"] == (1 / 3, 2 / 3, 1.0, 3)
    assert "distractor" not in rates
