"""Semantic re-ranking of transfer suggestions (the extra `multitrack[semantic]`).

Tests marked `needs_model` use the packaged all-MiniLM-L6-v2 and are skipped, with the reason, only where
the extra is not installed; the others run in both installs (the switch, the fusion, re-ranking with a
stand-in model). The planted paraphrases below also give the per-language table in
docs/transfer-tracing.md: `pytest -q -s tests/core/test_semantic.py -k language_table` prints it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np
import pytest

from multitrack.core import semantic, transfer
from multitrack.core.transfer import Text, Tracer, trace
from tests.core.test_transfer import AGREEMENT, ARABIC, FRENCH, NON_PAPER, SPANISH

pytestmark = pytest.mark.slow  # run first: see tests/conftest.py

needs_model = pytest.mark.skipif(
    not semantic.installed(),
    reason="the extra multitrack[semantic] is not installed (pip install torch==2.13.0, then "
    "pip install -e '.[semantic]'; `make test` does both)",
)

# Twelve articles of one agreement in each language (parallel texts), one passage each.
AGREEMENTS = {
    "en": """\
Article 1. Water. The parties shall establish a joint water committee with equal representation, which
shall allocate the flow of the Brack river between upstream and downstream communities each season.

Article 2. Ceasefire. A ceasefire shall enter into force seventy-two hours after signature and shall be
monitored by an international mission with unarmed observers in each district.

Article 3. Detainees. Each party shall release the detainees it holds in connection with the conflict
within sixty days, under the supervision of the Red Crescent.

Article 4. Elections. Provincial elections shall be held within eighteen months under a revised
electoral law agreed by both parties and observed by regional organisations.

Article 5. Land. A land commission shall register the claims of displaced families and restore property
or pay compensation according to a schedule published each year.

Article 6. Policing. Community police units shall be recruited locally and trained jointly, with women
making up at least a third of each unit.

Article 7. Truth. An independent truth commission shall hear victims of both sides, establish the facts
of abuses committed since 2011 and publish its findings within three years.

Article 8. Revenue. Income from oil and gas shall be paid into a common fund and shared between the
central government and the provinces according to population.

Article 9. Bridges. The river crossings destroyed during the war shall be rebuilt within one year, after
the communities on either side have been consulted on where they stand.

Article 10. Schools. Every community shall have equal access to public schools, and teaching time shall
be divided between the two languages, reviewed each year.

Article 11. Mines. The parties shall share all maps of minefields with the international mission and
clear farmland first, so that families can return to work the land.

Article 12. Heritage. Places of worship and cultural sites of both communities shall be protected, and
damaged ones restored with funds from the common budget.""",
    "fr": """\
Article 1. Eau. Les parties créent un comité conjoint de l'eau, à représentation égale, qui répartit
chaque saison le débit de la rivière entre les communautés d'amont et d'aval.

Article 2. Cessez-le-feu. Le cessez-le-feu entre en vigueur soixante-douze heures après la signature et
est surveillé par une mission internationale d'observateurs non armés dans chaque district.

Article 3. Détenus. Chaque partie libère les détenus qu'elle détient en lien avec le conflit dans un
délai de soixante jours, sous la supervision du Croissant-Rouge.

Article 4. Élections. Des élections provinciales ont lieu dans un délai de dix-huit mois selon une loi
électorale révisée, approuvée par les deux parties et observée par des organisations régionales.

Article 5. Terres. Une commission foncière enregistre les demandes des familles déplacées et restitue
les biens ou verse une indemnisation selon un calendrier publié chaque année.

Article 6. Police. Des unités de police de proximité sont recrutées localement et formées conjointement
; les femmes représentent au moins un tiers de chaque unité.

Article 7. Vérité. Une commission vérité indépendante entend les victimes des deux camps, établit les
faits des exactions commises depuis 2011 et publie ses conclusions dans un délai de trois ans.

Article 8. Revenus. Les recettes du pétrole et du gaz sont versées dans un fonds commun et partagées
entre le gouvernement central et les provinces en fonction de leur population.

Article 9. Ponts. Les ponts sur la rivière détruits pendant la guerre sont reconstruits dans un délai
d'un an, après consultation des communautés des deux rives sur leur emplacement.

Article 10. Écoles. Chaque communauté a un accès égal aux écoles publiques, et le temps d'enseignement
est partagé entre les deux langues, avec un réexamen chaque année.

Article 11. Mines. Les parties remettent toutes les cartes des champs de mines à la mission
internationale et déminent d'abord les terres agricoles, afin que les familles puissent revenir les
cultiver.

Article 12. Patrimoine. Les lieux de culte et les sites culturels des deux communautés sont protégés, et
ceux qui ont été endommagés sont restaurés grâce au budget commun.""",
    "es": """\
Artículo 1. Agua. Las partes establecerán una comisión conjunta del agua, con representación
igualitaria, que asignará en cada temporada el caudal del río entre las comunidades de arriba y de
abajo.

Artículo 2. Alto el fuego. El alto el fuego entrará en vigor setenta y dos horas después de la firma y
será supervisado por una misión internacional de observadores desarmados en cada distrito.

Artículo 3. Detenidos. Cada parte liberará a los detenidos que mantenga en relación con el conflicto en
un plazo de sesenta días, bajo la supervisión de la Media Luna Roja.

Artículo 4. Elecciones. Las elecciones provinciales se celebrarán en un plazo de dieciocho meses
conforme a una ley electoral revisada, acordada por ambas partes y observada por organizaciones
regionales.

Artículo 5. Tierras. Una comisión de tierras registrará las reclamaciones de las familias desplazadas y
restituirá los bienes o pagará una indemnización según un calendario publicado cada año.

Artículo 6. Policía. Las unidades de policía comunitaria se reclutarán localmente y se formarán de
manera conjunta; las mujeres serán al menos un tercio de cada unidad.

Artículo 7. Verdad. Una comisión de la verdad independiente escuchará a las víctimas de ambos bandos,
establecerá los hechos de los abusos cometidos desde 2011 y publicará sus conclusiones en un plazo de
tres años.

Artículo 8. Ingresos. Los ingresos del petróleo y del gas se depositarán en un fondo común y se
repartirán entre el gobierno central y las provincias según su población.

Artículo 9. Puentes. Los puentes sobre el río destruidos durante la guerra se reconstruirán en un plazo
de un año, tras consultar a las comunidades de ambas orillas sobre su ubicación.

Artículo 10. Escuelas. Cada comunidad tendrá igual acceso a las escuelas públicas, y el tiempo de
enseñanza se dividirá entre las dos lenguas, con una revisión cada año.

Artículo 11. Minas. Las partes entregarán todos los mapas de campos minados a la misión internacional y
limpiarán primero las tierras de cultivo, para que las familias puedan volver a trabajarlas.

Artículo 12. Patrimonio. Los lugares de culto y los sitios culturales de ambas comunidades serán
protegidos, y los dañados se restaurarán con fondos del presupuesto común.""",
    "ar": """\
المادة 1. المياه. تنشئ الأطراف لجنة مشتركة للمياه بتمثيل متساو، تتولى في كل موسم توزيع مياه النهر بين
المجتمعات في أعلى النهر وأسفله.

المادة 2. وقف إطلاق النار. يدخل وقف إطلاق النار حيز التنفيذ بعد اثنتين وسبعين ساعة من التوقيع، وتراقبه
بعثة دولية من المراقبين غير المسلحين في كل منطقة.

المادة 3. المحتجزون. يفرج كل طرف عن المحتجزين لديه فيما يتصل بالنزاع في غضون ستين يوما، تحت إشراف الهلال
الأحمر.

المادة 4. الانتخابات. تجرى الانتخابات الإقليمية في غضون ثمانية عشر شهرا وفق قانون انتخابي معدل يتفق عليه
الطرفان وتراقبه منظمات إقليمية.

المادة 5. الأراضي. تسجل لجنة للأراضي مطالبات الأسر النازحة، وتعيد الممتلكات أو تدفع تعويضا وفق جدول زمني
ينشر كل عام.

المادة 6. الشرطة. تجند وحدات الشرطة المجتمعية محليا وتدرب بشكل مشترك، على ألا تقل نسبة النساء عن ثلث كل
وحدة.

المادة 7. الحقيقة. تستمع لجنة مستقلة للحقيقة إلى الضحايا من الجانبين، وتثبت وقائع الانتهاكات المرتكبة
منذ عام 2011، وتنشر استنتاجاتها في غضون ثلاث سنوات.

المادة 8. الإيرادات. تودع عائدات النفط والغاز في صندوق مشترك، وتقسم بين الحكومة المركزية والأقاليم بحسب
عدد السكان.

المادة 9. الجسور. يعاد بناء الجسور على النهر التي دمرت خلال الحرب في غضون عام واحد، بعد التشاور مع
المجتمعات على الضفتين بشأن مواقعها.

المادة 10. المدارس. يحق لكل مجتمع الوصول إلى المدارس العامة على قدم المساواة، ويقسم وقت التدريس بين
اللغتين، مع مراجعة ذلك كل عام.

المادة 11. الألغام. تسلم الأطراف جميع خرائط حقول الألغام إلى البعثة الدولية، وتطهر الأراضي الزراعية أولا
لتتمكن الأسر من العودة إلى زراعتها.

المادة 12. التراث. تحمى أماكن العبادة والمواقع الثقافية للمجتمعين، ويرمم ما تضرر منها بأموال من
الميزانية المشتركة.""",
}
# A paraphrase of each of the first eight articles, as a Track Two paper might word the same idea: other
# words, few shared with the article (PARAPHRASES[lang][i] is planted for article i + 1).
PARAPHRASES = {
    "en": [
        (
            "Communities on either side of the river could sit together as equals and agree how much each of "
            "them draws, depending on the time of year."
        ),
        (
            "Shooting should stop three days after the deal is signed, with foreign monitors who carry no "
            "weapons watching every area."
        ),
        (
            "Prisoners taken during the fighting ought to be freed within two months, with humanitarian "
            "agencies overseeing their release."
        ),
        (
            "A vote for the regional councils should take place within a year and a half, under new rules "
            "both sides accept, with neighbouring bodies watching."
        ),
        (
            "People forced from their homes should be able to file what they lost with a dedicated body, and "
            "either get their houses back or be paid for them."
        ),
        (
            "Local officers drawn from the neighbourhoods they serve, trained together, a third or more of "
            "them female."
        ),
        (
            "Those who suffered on every side deserve to be heard by an independent body that finds out what "
            "happened and reports publicly."
        ),
        (
            "Earnings from petroleum and natural gas should go into a shared pot divided between the capital "
            "and the regions in proportion to how many people live there."
        ),
    ],
    "fr": [
        (
            "Les villages des deux rives pourraient décider ensemble, d'une saison à l'autre, comment "
            "partager l'eau de la rivière entre l'amont et l'aval."
        ),
        (
            "Les armes devraient se taire trois jours après la signature de l'accord, sous le regard "
            "d'observateurs étrangers désarmés."
        ),
        (
            "Les prisonniers liés aux combats seraient relâchés en deux mois, sous l'œil d'une organisation "
            "humanitaire."
        ),
        (
            "Un scrutin régional se tiendrait d'ici un an et demi, avec des règles électorales nouvelles "
            "acceptées des deux côtés."
        ),
        (
            "Les personnes déplacées pourraient déclarer leurs biens perdus auprès d'un organisme dédié, pour"
            " les récupérer ou être indemnisées."
        ),
        "Des policiers issus des quartiers, formés ensemble, dont au moins un tiers de femmes.",
        (
            "Les victimes de tous bords seraient entendues par un organe indépendant chargé d'établir ce qui "
            "s'est passé et d'en rendre compte publiquement."
        ),
        (
            "L'argent du pétrole et du gaz irait dans une caisse commune, répartie entre la capitale et les "
            "régions selon le nombre d'habitants."
        ),
    ],
    "es": [
        (
            "Los pueblos de ambas orillas decidirían juntos, temporada tras temporada, cómo repartir el agua "
            "del río entre quienes viven arriba y abajo."
        ),
        (
            "Las armas deberían callar tres días después de firmado el acuerdo, bajo la vigilancia de "
            "observadores extranjeros sin armas."
        ),
        (
            "Los prisioneros vinculados a los combates serían puestos en libertad en dos meses, con una "
            "organización humanitaria vigilando."
        ),
        (
            "Una votación regional tendría lugar en año y medio, con nuevas reglas electorales aceptadas por "
            "los dos lados."
        ),
        (
            "Quienes tuvieron que huir podrían declarar sus propiedades perdidas ante un organismo dedicado, "
            "para recuperarlas o recibir una compensación."
        ),
        "Agentes salidos de los barrios, formados juntos, con al menos un tercio de mujeres.",
        (
            "Las víctimas de todos los lados serían escuchadas por un órgano independiente encargado de "
            "aclarar lo ocurrido e informar públicamente."
        ),
        (
            "El dinero del petróleo y del gas iría a una caja común, dividida entre la capital y las regiones"
            " según el número de habitantes."
        ),
    ],
    "ar": [
        (
            "يقترح المشاركون أن تقرر القرى على ضفتي النهر معا، موسما بعد موسم، كيفية تقاسم المياه بين سكان "
            "المنبع والمصب."
        ),
        "ينبغي أن يتوقف القتال بعد ثلاثة أيام من توقيع الاتفاق، بمراقبة مراقبين أجانب لا يحملون السلاح.",
        "يطلق سراح الأسرى المرتبطين بالقتال خلال شهرين، بإشراف منظمة إنسانية.",
        "يجري اقتراع لاختيار المجالس الإقليمية خلال عام ونصف، بقواعد انتخابية جديدة يقبلها الجانبان.",
        (
            "يمكن لمن أجبروا على مغادرة بيوتهم أن يسجلوا ما فقدوه لدى هيئة مختصة، لاستعادة ممتلكاتهم أو "
            "الحصول على تعويض."
        ),
        "عناصر شرطة من أبناء الأحياء نفسها، يتدربون معا، وثلثهم على الأقل من النساء.",
        "تستمع هيئة مستقلة إلى الضحايا من كل الأطراف لتحديد ما جرى وإعلان النتائج للجمهور.",
        "تذهب أموال النفط والغاز إلى صندوق واحد يقسم بين العاصمة والمناطق حسب عدد سكانها.",
    ],
}
SIGNED = date(2021, 5, 14)
LANGUAGES = ("en", "fr", "es", "ar")


def rank_of(found: Sequence[transfer.Passage], index: int) -> int | None:
    """The 1-based rank of the passage `index` among `found`, None when it is not there."""
    positions = [p.index for p in found]
    return positions.index(index) + 1 if index in positions else None


def in_top(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


class StandIn:
    """A stand-in for the model: texts containing `favourite` (and the query) point one way, the rest the
    other. Tests the re-ranking mechanics without the model."""

    name = "bm25+stand-in"

    def __init__(self, favourite: str, query: str) -> None:
        self.favourite, self.query = favourite, query
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        rows = [[1.0, 0.0] if self.favourite in t or t == self.query else [0.0, 1.0] for t in texts]
        return np.array(rows, dtype=np.float32).reshape(len(texts), 2)


# --- both installs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "false", "off", "No"])
def test_the_switch_turns_re_ranking_off_and_trace_stays_bm25(monkeypatch, value):
    monkeypatch.setenv(semantic.SWITCH, value)
    assert not semantic.enabled() and not semantic.available()
    assert semantic.default_reranker() is None
    tracer = Tracer([Text("T1", AGREEMENT, SIGNED)])
    output = Text("T2", NON_PAPER, date(2021, 3, 1))
    found = trace(output, tracer, reranker=semantic.default_reranker())
    assert found and found == trace(output, tracer)
    assert {s.method for s in found} == {"bm25"}
    assert all(s.lexical == s.score and s.similarity is None for s in found)
    assert found[0].target.text.startswith("Article 1. Water.")


def test_available_needs_the_model_package_and_sentence_transformers(monkeypatch):
    monkeypatch.setenv(semantic.SWITCH, "1")
    real = semantic.importlib.util.find_spec
    for missing in (semantic.MODULE, "sentence_transformers"):
        monkeypatch.setattr(
            semantic.importlib.util, "find_spec", lambda name, m=missing: None if name == m else real(name)
        )
        assert not semantic.installed() and not semantic.available()
        assert semantic.default_reranker() is None
    monkeypatch.setattr(semantic.importlib.util, "find_spec", real)
    assert semantic.available() == semantic.installed()


def test_fusion_keeps_bm25_order_where_the_model_cannot_tell_passages_apart():
    lexical = [12.0, 9.0, 3.0]
    # cosines all alike (as the English model gives on Arabic text): BM25 decides
    alike = transfer.fuse(lexical, [0.81, 0.84, 0.83])
    assert sorted(range(3), key=lambda i: -alike[i]) == [0, 1, 2]
    assert all(0.0 <= s <= 1.0 for s in alike)
    # a clear semantic difference moves a candidate up
    clear = transfer.fuse(lexical, [0.10, 0.15, 0.90])
    assert sorted(range(3), key=lambda i: -clear[i])[0] == 2
    # exact values: weight × BM25 / best + (1 − weight) × cosine clipped to [0, 1]
    assert transfer.fuse([4.0, 2.0], [-0.3, 1.2], weight=0.5) == pytest.approx([0.5, 0.75])
    assert transfer.fuse([], []) == [] and transfer.fuse([0.0], [0.5], weight=0.5) == [0.25]


def test_re_ranking_draws_from_a_larger_bm25_pool_and_keeps_the_bm25_score():
    tracer = Tracer([Text("T1", AGREEMENTS["en"], SIGNED)])
    query = PARAPHRASES["en"][4]  # Article 5 (land), which BM25 alone ranks below the top three
    plain = tracer.search(query, 12)
    bm25_rank = rank_of([p for p, _ in plain], 4)
    assert bm25_rank is not None and bm25_rank > 3
    model = StandIn("Article 5. Land.", query)
    top = transfer.rerank(query, tracer.search(query, transfer.pool_size(3)), model, 3)
    assert len(top) == 3 and top[0].passage.index == 4 and top[0].similarity == pytest.approx(1.0)
    assert top[0].lexical == pytest.approx(dict((p.index, s) for p, s in plain)[4])
    assert [m.score for m in top] == sorted((m.score for m in top), reverse=True)
    assert [(p.index, s) for p, s in tracer.search(query, 3, reranker=model)] == [
        (m.passage.index, m.score) for m in top
    ]

    found = trace(Text("T2", query, date(2021, 1, 1)), tracer, k=3, reranker=model)
    assert [s.target.index for s in found] == [m.passage.index for m in top]
    assert {s.method for s in found} == {"bm25+stand-in"}
    assert found[0].lexical == pytest.approx(top[0].lexical) and found[0].score == pytest.approx(top[0].score)
    assert model.calls == 3  # one batch for the whole trace


def test_the_date_rule_holds_whatever_the_model_prefers():
    older = Text("old", AGREEMENT, date(2020, 1, 1))
    undated = Text("undated", AGREEMENT.replace("Brack", "Sennick"), None)
    tracer = Tracer([older, undated])
    model = StandIn("Brack", NON_PAPER)  # the model would pick the older text's passages
    found = trace(Text("T2", NON_PAPER, date(2021, 3, 1)), tracer, reranker=model)
    assert found and {s.target.doc for s in found} == {"undated"} and all(s.undated for s in found)
    assert "old" not in {
        p.doc for p, _ in tracer.search(NON_PAPER, 5, not_before=date(2021, 3, 1), reranker=model)
    }
    assert "old" in {s.target.doc for s in trace(Text("T2", NON_PAPER), tracer, reranker=model)}


def test_re_ranking_an_empty_tracer_or_query_finds_nothing():
    model = StandIn("x", "")
    assert trace(Text("T2", NON_PAPER), Tracer([]), reranker=model) == []
    assert Tracer([Text("T1", AGREEMENT)]).search("the of and", reranker=model) == []
    assert transfer.rerank("water", [], model) == []


# --- with the model ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> semantic.Reranker:
    return semantic.Reranker()


@needs_model
def test_the_weights_are_the_recorded_ones():
    check = semantic.weights_check()
    path = semantic.model_path() / semantic.WEIGHTS_FILE
    assert check.ok and check.path == path and check.sha256 == semantic.WEIGHTS_SHA256
    assert hashlib.sha256(path.read_bytes()).hexdigest() == semantic.WEIGHTS_SHA256
    assert path.stat().st_size == 90_868_376


@needs_model
def test_other_weights_are_refused(monkeypatch):
    with pytest.raises(semantic.WeightsMismatch, match="the model is refused") as refused:
        semantic.Reranker(expected_sha256="0" * 64)
    assert semantic.WEIGHTS_SHA256 in str(refused.value) and semantic.SWITCH in str(refused.value)
    monkeypatch.setenv(semantic.SWITCH, "1")
    monkeypatch.setattr(semantic, "WEIGHTS_SHA256", "f" * 64)
    assert not semantic.weights_check().ok
    with pytest.raises(semantic.WeightsMismatch):
        semantic.default_reranker()  # never silently falls back to BM25 alone either
    monkeypatch.setenv(semantic.SWITCH, "0")
    assert semantic.default_reranker() is None  # unless switched off


@needs_model
def test_embeddings_are_normalised_and_similar_texts_are_close(model):
    assert model.name == "bm25+minilm" and semantic.MODEL_NAME == "all-MiniLM-L6-v2"
    vectors = model.embed(["a joint committee on water", "a ceasefire"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)
    close, far = model.similarities(
        "the communities would share the river between them",
        ["a joint water committee", "release of detainees"],
    )
    assert close > far + 0.2
    assert model.similarities("anything", []) == [] and model.embed([]).shape == (0, 384)


@needs_model
def test_embeddings_are_cached_per_process(model, monkeypatch):
    monkeypatch.setattr(semantic, "CACHE_SIZE", 3)
    first = model.embed(["water sharing", "a ceasefire", "water sharing"])
    assert np.array_equal(first[0], first[2])
    cached = [key for key in semantic._cache if key[1] in ("water sharing", "a ceasefire")]
    assert len(cached) == 2
    again = model.embed(["a ceasefire", "detainees", "elections", "land"])  # one from the cache
    assert np.array_equal(again[0], first[1])
    assert len(semantic._cache) == 3 and (model.folder, "water sharing") not in semantic._cache
    alone = semantic._load(model.folder, semantic.WEIGHTS_SHA256).encode(["land"], normalize_embeddings=True)
    assert again[3] == pytest.approx(alone[0], abs=1e-5)


@needs_model
def test_an_english_paraphrase_bm25_misses_is_in_the_top_three_after_re_ranking(model):
    tracer = Tracer([Text("T1", AGREEMENTS["en"], SIGNED)])
    output = Text("T2", PARAPHRASES["en"][4], date(2021, 1, 1))  # Article 5 (land), in other words
    lexical = trace(output, tracer, k=3)
    assert 4 not in {s.target.index for s in lexical}
    found = trace(output, tracer, k=3, reranker=model)
    assert 4 in {s.target.index for s in found}
    assert all(s.method == "bm25+minilm" and s.similarity is not None and 0 <= s.score <= 1 for s in found)
    bm25 = dict((p.index, s) for p, s in tracer.search(output.text, 12))
    assert all(s.lexical == pytest.approx(bm25[s.target.index]) for s in found)
    single = tracer.search(output.text, 3, not_before=output.date, reranker=model)
    assert [p.index for p, _ in single] == [s.target.index for s in found]
    assert [x for _, x in single] == pytest.approx([s.score for s in found], abs=1e-5)


@needs_model
@pytest.mark.parametrize(
    ("agreement", "paraphrase", "expected"),
    [
        (AGREEMENT, NON_PAPER, "Article 1. Water."),
        (FRENCH, "Les participants proposent un comité de l'eau, paritaire, pour partager le débit "
         "de la rivière entre l'amont et l'aval à chaque saison.", "Article 1."),
        (SPANISH, "Los participantes proponen una comisión del agua, paritaria, que reparta el caudal "
         "del río cada temporada entre las comunidades.", "Artículo 1."),
        (ARABIC, "يقترح المشاركون لجنة للمياه يتساوى فيها الطرفان لتوزيع مياه النهر في كل موسم.",
         "المادة 1."),
    ],
)  # fmt: skip
def test_the_planted_paraphrases_of_the_lexical_tests_stay_first(model, agreement, paraphrase, expected):
    tracer = Tracer([Text("T1", agreement, SIGNED)])
    found = trace(Text("T2", paraphrase, date(2021, 1, 1)), tracer, k=3, reranker=model)
    assert found and found[0].target.text.startswith(expected)


@needs_model
@pytest.mark.parametrize("lang", LANGUAGES)
def test_re_ranking_loses_no_planted_paraphrase_from_the_top_three(model, lang):
    """The model is English-only: in French, Spanish and Arabic the fusion must keep what BM25 found."""
    tracer = Tracer([Text("T1", AGREEMENTS[lang], SIGNED)])
    for i, paraphrase in enumerate(PARAPHRASES[lang]):
        bm25 = rank_of([p for p, _ in tracer.search(paraphrase, 3)], i)
        reranked = rank_of([p for p, _ in tracer.search(paraphrase, 3, reranker=model)], i)
        assert in_top(reranked, 3) or not in_top(bm25, 3), (lang, i, bm25, reranked)
        assert in_top(reranked, 3), (lang, i, reranked)  # on this sample, every one is in the top three


@needs_model
def test_the_date_rule_holds_after_re_ranking(model):
    older = Text("old", AGREEMENT, date(2020, 1, 1))
    undated = Text("undated", AGREEMENT.replace("Brack", "Sennick"), None)
    later = Text("later", AGREEMENTS["en"], date(2022, 1, 1))
    tracer = Tracer([older, undated, later])
    output = Text("T2", NON_PAPER, date(2021, 3, 1))
    found = trace(output, tracer, k=5, reranker=model)
    assert found and "old" not in {s.target.doc for s in found}
    assert all(s.undated == (s.target.doc == "undated") for s in found)
    assert found[0].target.text.startswith("Article 1. Water.")
    assert "old" in {s.target.doc for s in trace(Text("T2", NON_PAPER), tracer, k=5, reranker=model)}


@needs_model
def test_the_model_loads_and_embeds_without_the_network(tmp_path):
    """A fresh interpreter in which every socket connection fails, and an empty Hugging Face cache."""
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import os\n"
        "from multitrack.core import semantic\n"
        "v = semantic.Reranker().embed(['a joint water committee'])\n"
        "assert v.shape == (1, 384)\n"
        "assert os.environ['HF_HUB_OFFLINE'] == '1' and os.environ['TRANSFORMERS_OFFLINE'] == '1'\n"
        "print('embedded offline')\n"
    )
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), semantic.SWITCH: "1"}
    env.pop("HF_HUB_OFFLINE", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "embedded offline" in done.stdout
    assert not (tmp_path / "hf").exists() or not any((tmp_path / "hf").rglob("*.safetensors"))


# --- the per-language table ----------------------------------------------------------------------------

Fusion = Callable[[Sequence[float], Sequence[float]], list[float]]


def _minmax(values: Sequence[float]) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    spread = x.max() - x.min()
    return (x - x.min()) / spread if spread > 0 else np.zeros_like(x)


def _rrf(lexical: Sequence[float], similarity: Sequence[float]) -> list[float]:
    """Reciprocal-rank fusion (constant 60), for comparison."""
    ranks = [np.argsort(np.argsort(-np.asarray(v))) for v in (lexical, similarity)]
    return [float(1 / (61 + a) + 1 / (61 + b)) for a, b in zip(*ranks, strict=True)]


FUSIONS: dict[str, Fusion] = {
    "model alone over the BM25 pool": lambda lex, sim: list(sim),
    "reciprocal-rank fusion (60)": _rrf,
    "min-max 0.5 / 0.5": lambda lex, sim: list(0.5 * _minmax(lex) + 0.5 * _minmax(sim)),
    "min-max 0.7 / 0.3": lambda lex, sim: list(0.7 * _minmax(lex) + 0.3 * _minmax(sim)),
    "**fuse, weight 0.4 (default)**": lambda lex, sim: transfer.fuse(lex, sim, 0.4),
    "fuse, weight 0.3": lambda lex, sim: transfer.fuse(lex, sim, 0.3),
    "fuse, weight 0.5": lambda lex, sim: transfer.fuse(lex, sim, 0.5),
}


def language_table(model: semantic.Reranker) -> dict[str, dict[str, list[int | None]]]:
    """For each ranking, each language: the rank of each planted paraphrase's article (None: not found)."""
    table: dict[str, dict[str, list[int | None]]] = {}
    for lang in LANGUAGES:
        text = Text("T1", AGREEMENTS[lang], SIGNED)
        words_only, grams = Tracer([text], ngrams=False), Tracer([text])
        for i, query in enumerate(PARAPHRASES[lang]):
            rows: dict[str, list[transfer.Passage]] = {
                "BM25, words": [p for p, _ in words_only.search(query, 12)],
                "BM25, words + 4-grams": [p for p, _ in grams.search(query, 12)],
            }
            pool = grams.search(query, transfer.pool_size(3))
            cosines = model.similarities(query, [p.text for p, _ in pool])
            for name, fusion in FUSIONS.items():
                scores = fusion([s for _, s in pool], cosines)
                order = sorted(range(len(pool)), key=lambda j, s=scores: (-s[j], -pool[j][1]))
                rows[f"+ re-ranked: {name}"] = [pool[j][0] for j in order]
            for name, found in rows.items():
                table.setdefault(name, {}).setdefault(lang, []).append(rank_of(found, i))
    return table


def cosine_spread(model: semantic.Reranker) -> dict[str, tuple[float, float, str]]:
    """For each language: the mean cosine of a paraphrase with its article, with the eleven others, and
    how many paraphrases are closer to their article than to every other one."""
    out = {}
    for lang in LANGUAGES:
        articles = model.embed([p.text for p in transfer.passages(AGREEMENTS[lang])])
        similar = model.embed(PARAPHRASES[lang]) @ articles.T
        n = len(PARAPHRASES[lang])
        right = [float(similar[i, i]) for i in range(n)]
        others = [np.delete(similar[i], i) for i in range(n)]
        closest = sum(r > float(o.max()) for r, o in zip(right, others, strict=True))
        out[lang] = (float(np.mean(right)), float(np.mean(others)), f"closest to its article: {closest}/{n}")
    return out


@needs_model
def test_language_table(model):
    table = language_table(model)
    n = len(PARAPHRASES["en"])

    def hits(ranks: list[int | None], k: int) -> int:
        return sum(in_top(r, k) for r in ranks)

    lines = ["| ranking | " + " | ".join(LANGUAGES) + " |", "|---|" + "---|" * len(LANGUAGES)]
    for name, by_lang in table.items():
        cells = [f"{hits(by_lang[lang], 1)} / {hits(by_lang[lang], 3)}" for lang in LANGUAGES]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    print(
        f"\nTop-1 / top-3 hits out of {n} planted paraphrases per language (shown with -s)\n"
        + "\n".join(lines)
    )
    for name, by_lang in table.items():
        print(name, {lang: by_lang[lang] for lang in LANGUAGES})
    spread = cosine_spread(model)
    for lang in LANGUAGES:
        right, wrong, margin = spread[lang]
        print(
            f"{lang}: mean cosine with the right article {right:.2f}, with the others {wrong:.2f}; {margin}"
        )
    assert spread["en"][0] - spread["en"][1] > 0.3  # the model tells articles apart in English ...
    assert abs(spread["ar"][0] - spread["ar"][1]) < 0.1  # ... and not in Arabic
    default = table["+ re-ranked: **fuse, weight 0.4 (default)**"]
    grams = table["BM25, words + 4-grams"]
    words = table["BM25, words"]
    for lang in LANGUAGES:
        assert hits(default[lang], 3) >= hits(grams[lang], 3), lang  # the fusion loses nothing
        assert hits(grams[lang], 3) >= hits(words[lang], 3), lang  # n-grams lose nothing either
    assert hits(default["en"], 1) > hits(grams["en"], 1)  # and the model helps in English
    assert sum(hits(grams[lang], 3) for lang in ("fr", "es", "ar")) > sum(
        hits(words[lang], 3) for lang in ("fr", "es", "ar")
    )  # where n-grams help most
