"""Tracing Track Two outputs into Track One texts: passages, tokens, BM25 ranking of a planted paraphrase
among distractors (English, French, Spanish, Arabic), the date rule, shared words and highlighting."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from multitrack.core import transfer
from multitrack.core.transfer import Text, Tracer, passages, trace

AGREEMENT = """Article 1. Water. The parties shall establish a joint water committee with equal
representation,
which shall allocate the flow of the Brack river between upstream and downstream communities each season.

Article 2. Ceasefire. A ceasefire shall enter into force seventy-two hours after signature and shall be
monitored by an international mission with unarmed observers in each district.

Article 3. Detainees. Each party shall release the detainees it holds in connection with the conflict
within sixty days, under the supervision of the Red Crescent.

Article 4. Elections. Provincial elections shall be held within eighteen months under a revised electoral
law agreed by both parties and observed by regional organisations.

Article 5. Land. A land commission shall register the claims of displaced families and restore property
or pay compensation according to a schedule published each year.

Article 6. Policing. Community police units shall be recruited locally and trained jointly, with women
making up at least a third of each unit."""

NON_PAPER = """Options for managing the river.

Participants propose that a committee on water, made up of both communities in equal numbers, decide
each season how much of the river's flow goes to upstream and downstream villages."""


def test_passages_join_short_paragraphs_cut_long_ones_and_keep_offsets():
    text = "Title\n\n" + "A sentence about water sharing. " * 40 + "\n\nShort end."
    found = passages(text, "d1")
    assert all(len(p.text) <= transfer.MAX_PASSAGE for p in found)
    assert found[0].text.startswith("Title")  # the short title joins the paragraph after it
    assert found[-1].text.endswith("Short end.")  # the short last paragraph joins the one before
    for p in found:
        assert text[p.start : p.end] == p.text and p.doc == "d1"
    assert [p.index for p in found] == list(range(len(found)))
    assert passages("   \n\n  ") == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000))
def test_passages_are_pieces_of_the_text(text):
    for p in passages(text):
        assert text[p.start : p.end] == p.text and p.text.strip() == p.text and p.text


def test_tokens_fold_accents_drop_function_words_and_add_ngrams():
    assert transfer.words("Les négociations sur l'ACCÈS à l'eau") == ["negociations", "acces", "eau"]
    toks = transfer.tokens("négociation")
    assert "negociation" in toks and "#_neg" in toks and "#ion_" in toks
    assert transfer.tokens("négociation", ngrams=False) == ["negociation"]


@pytest.mark.parametrize("ngrams", [True, False])
def test_a_planted_paraphrase_is_found_in_the_top_three(ngrams):
    tracer = Tracer([Text("T1", AGREEMENT, date(2021, 5, 14))], ngrams=ngrams)
    found = trace(Text("T2", NON_PAPER, date(2021, 3, 1)), tracer, k=3)
    assert found, "no suggestion"
    assert found[0].target.text.startswith("Article 1. Water.")
    assert {"water", "committee", "upstream", "downstream", "season"} <= {w.lower() for w in found[0].shared}


def test_a_track_one_text_older_than_the_output_cannot_be_its_transfer():
    older = Text("old", AGREEMENT, date(2020, 1, 1))
    undated = Text("undated", AGREEMENT.replace("Brack", "Sennick"), None)
    tracer = Tracer([older, undated])
    found = trace(Text("T2", NON_PAPER, date(2021, 3, 1)), tracer)
    assert found and {s.target.doc for s in found} == {"undated"}
    assert all(s.undated for s in found)
    assert {s.target.doc for s in trace(Text("T2", NON_PAPER, None), tracer)} == {"old", "undated"}


FRENCH = """Article 1. Les parties créent un comité conjoint de l'eau, à représentation égale, qui
répartit chaque
saison le débit de la rivière entre les communautés d'amont et d'aval.

Article 2. Le cessez-le-feu entre en vigueur soixante-douze heures après la signature et est surveillé par
une mission internationale d'observateurs non armés.

Article 3. Chaque partie libère les détenus qu'elle détient dans les soixante jours.

Article 4. Des élections provinciales ont lieu dans un délai de dix-huit mois selon une loi
électorale révisée."""

SPANISH = """Artículo 1. Las partes establecerán una comisión conjunta del agua, con representación
igualitaria, que
asignará en cada temporada el caudal del río entre las comunidades de arriba y de abajo.

Artículo 2. El alto el fuego entrará en vigor setenta y dos horas después de la firma y será supervisado por
una misión internacional de observadores desarmados.

Artículo 3. Cada parte liberará a los detenidos que mantenga en un plazo de sesenta días.

Artículo 4. Las elecciones provinciales se celebrarán en un plazo de dieciocho meses."""

ARABIC = """المادة 1. تنشئ الأطراف لجنة مشتركة للمياه بتمثيل متساو، تتولى في كل موسم توزيع مياه
النهر بين المجتمعات
في أعلى النهر وأسفله.

المادة 2. يدخل وقف إطلاق النار حيز التنفيذ بعد اثنتين وسبعين ساعة من التوقيع وتراقبه بعثة دولية من
المراقبين.

المادة 3. يفرج كل طرف عن المحتجزين لديه في غضون ستين يوما.

المادة 4. تجرى الانتخابات الإقليمية في غضون ثمانية عشر شهرا."""


@pytest.mark.parametrize(
    ("agreement", "paraphrase", "expected"),
    [
        (FRENCH, "Les participants proposent un comité de l'eau, paritaire, pour partager le débit "
         "de la rivière entre l'amont et l'aval à chaque saison.", "Article 1."),
        (SPANISH, "Los participantes proponen una comisión del agua, paritaria, que reparta el caudal "
         "del río cada temporada entre las comunidades.", "Artículo 1."),
        (ARABIC, "يقترح المشاركون لجنة للمياه يتساوى فيها الطرفان لتوزيع مياه النهر في كل موسم.",
         "المادة 1."),
    ],
)  # fmt: skip
def test_french_spanish_and_arabic(agreement, paraphrase, expected):
    tracer = Tracer([Text("T1", agreement, date(2021, 5, 14))])
    found = trace(Text("T2", paraphrase, date(2021, 1, 1)), tracer, k=3)
    assert found and found[0].target.text.startswith(expected)


def test_highlight_marks_the_shared_words():
    segments = transfer.highlight("A joint Water committee.", ("water", "committee"))
    assert segments == [("A joint ", False), ("Water", True), (" ", False), ("committee", True), (".", False)]
    assert "".join(s for s, _ in segments) == "A joint Water committee."
    assert transfer.shared_words("the water committee", "Committee on Water and land") == (
        "Committee",
        "Water",
    )


def test_an_empty_tracer_or_query_finds_nothing():
    assert trace(Text("T2", NON_PAPER), Tracer([])) == []
    assert Tracer([Text("T1", AGREEMENT)]).search("the of and") == []
