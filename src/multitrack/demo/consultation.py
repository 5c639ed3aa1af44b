"""The demo's consultation: "Voices from the Valleys" asks the valley communities, in English and French,
what the talks should settle first. A few hundred generated votes from 120 participants of three invited
groups form visible opinion groups (return and justice; reconciliation and jobs; herders and elders), with
common ground on women monitors, the valley road and public reporting, and a split over trials and
amnesty. The votes are drawn from a seeded generator, so every demo load is the same.

Generated participants have no invitation card (they are nobody); `demo_card` issues a real card at each
start of the demo so that the participant's page can be tried.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from multitrack.web.consultations.models import Consultation, Participant, ParticipantGroup, Statement, Vote
from multitrack.web.consultations.services import actions

TITLE = "What the talks should settle first"
QUESTION = {
    "en": "What should the negotiators settle first for the valleys?",
    "fr": "Que doivent régler d'abord les négociateurs pour les vallées ?",
}
# (English, French, agree probability for each opinion profile: return & justice, reconciliation, herders)
STATEMENTS = [
    (
        "Displaced families must be able to return before any other question is settled.",
        "Les familles déplacées doivent pouvoir rentrer avant que toute autre question soit réglée.",
        (0.9, 0.4, 0.5),
    ),
    (
        "Women from the valleys must sit on the committee that monitors the ceasefire.",
        "Des femmes des vallées doivent siéger au comité qui surveille le cessez-le-feu.",
        (0.9, 0.85, 0.8),
    ),
    (
        "Herders need safe passage to the summer pastures without paying at checkpoints.",
        "Les éleveurs ont besoin d'un passage sûr vers les pâturages d'été sans payer aux barrages.",
        (0.5, 0.5, 0.95),
    ),
    (
        "Schools in the valleys should teach in the Tarn language.",
        "Les écoles des vallées devraient enseigner en langue tarn.",
        (0.7, 0.5, 0.8),
    ),
    (
        "A council of all three valleys should share the irrigation water.",
        "Un conseil des trois vallées devrait partager l'eau d'irrigation.",
        (0.6, 0.7, 0.3),
    ),
    (
        "Commanders responsible for burning villages must face trial.",
        "Les commandants responsables de l'incendie des villages doivent être jugés.",
        (0.95, 0.15, 0.5),
    ),
    (
        "An amnesty is a price worth paying for peace.",
        "Une amnistie est un prix qui vaut la peine d'être payé pour la paix.",
        (0.1, 0.9, 0.5),
    ),
    (
        "Young people who fought should be offered training and jobs, not prison.",
        "Les jeunes qui ont combattu devraient recevoir une formation et un emploi, pas la prison.",
        (0.3, 0.95, 0.6),
    ),
    (
        "The valley road should reopen to everyone, with or without papers.",
        "La route de la vallée doit rouvrir à tous, avec ou sans papiers.",
        (0.85, 0.9, 0.9),
    ),
    (
        "Land taken during the war should go back to its owners, widows included.",
        "Les terres prises pendant la guerre doivent revenir à leurs propriétaires, veuves comprises.",
        (0.95, 0.6, 0.4),
    ),
    (
        "Elders, not politicians, should speak for the valleys at the talks.",
        "Les anciens, et non les politiciens, devraient parler pour les vallées aux pourparlers.",
        (0.3, 0.2, 0.9),
    ),
    (
        "The ceasefire monitors should report in public every month.",
        "Les observateurs du cessez-le-feu devraient rendre compte en public chaque mois.",
        (0.85, 0.85, 0.8),
    ),
    (
        "Revenue from the dam should pay for rebuilding the valleys.",
        "Les revenus du barrage devraient financer la reconstruction des vallées.",
        (0.7, 0.8, 0.6),
    ),
    (
        "Displaced people should be able to vote where they live now.",
        "Les personnes déplacées devraient pouvoir voter là où elles vivent aujourd'hui.",
        (0.8, 0.5, 0.2),
    ),
]
# Statements participants added: (text, language, status); the authors are drawn from the participants.
ADDED = [
    ("Mines on the pasture paths must be cleared before the herds go up.", "en", "accepted"),
    ("Il faut des cliniques mobiles dans les vallées hautes.", "fr", "accepted"),
    ("The talks should name who burned the mill at Osk.", "en", "pending"),
]
GROUPS = ("displaced women", "youth in the valley", "herding families")
# Invited group -> weights of the three opinion profiles among its members.
PROFILES = {
    "displaced women": (0.7, 0.2, 0.1),
    "youth in the valley": (0.15, 0.75, 0.1),
    "herding families": (0.15, 0.1, 0.75),
}
PER_GROUP = 40


def write(initiative: Any, user: Any, seed: int = 7) -> Consultation:
    """The demo consultation of `initiative`, with its statements, participants and votes."""
    rng = random.Random(seed)
    opens = datetime(2021, 2, 1, 8, tzinfo=UTC)
    consultation = Consultation.objects.create(
        initiative=initiative,
        title=TITLE,
        question=QUESTION,
        languages=["en", "fr"],
        opens_at=opens,
        moderation="pre",
        demographics=["gender", "age", "displacement"],
        created_by=user,
    )
    groups = actions.groups_from_lines(consultation, list(GROUPS))
    statements = [
        actions.add_statement(consultation, {"en": en, "fr": fr}, user, language="en")
        for en, fr, _p in STATEMENTS
    ]
    people: list[tuple[Participant, int]] = []
    for group in groups:
        for _i in range(PER_GROUP):
            profile = rng.choices(range(3), weights=PROFILES[group.label])[0]
            people.append((_participant(consultation, group, rng), profile))
    Participant.objects.bulk_create(p for p, _profile in people)
    votes = []
    for participant, profile in people:
        # Most see 8 to all 14 statements; a few stop early and are placed but not grouped.
        seen = rng.sample(statements, rng.choice([4, *range(8, len(statements) + 1)]))
        at = opens + timedelta(minutes=rng.randrange(60 * 24 * 40))
        for statement in seen:
            p = STATEMENTS[statement.number][2][profile]
            draw = rng.random()
            value = 1 if draw < p * 0.9 else -1 if draw < 0.9 else 0
            at += timedelta(seconds=rng.randrange(5, 60))
            votes.append(
                Vote(
                    consultation=consultation,
                    participant=participant,
                    statement=statement,
                    value=value,
                    at=at,
                )
            )
    Vote.objects.bulk_create(votes)
    authors = rng.sample([p for p, _profile in people], len(ADDED))
    for (text, language, status), author in zip(ADDED, authors, strict=True):
        Statement.objects.create(
            consultation=consultation,
            number=actions.next_number(consultation),
            texts={language: text},
            language=language,
            author=author,
            status=status,
            moderated_by=user if status == "accepted" else None,
        )
    return consultation


def _participant(consultation: Consultation, group: ParticipantGroup, rng: random.Random) -> Participant:
    women = group.label == "displaced women"
    youth = group.label == "youth in the valley"
    gender = "woman" if women or rng.random() < 0.45 else rng.choice(["man", "man", "non_binary", ""])
    age = "youth" if youth else rng.choice(["youth", "adult", "adult", "elder", ""])
    places = (
        ["displaced", "displaced", "returnee"] if women else ["host community", "returnee", "displaced", ""]
    )
    answers = {"gender": gender, "age": age, "displacement": rng.choice(places)}
    return Participant(
        consultation=consultation,
        group=group,
        consented=True,
        language=rng.choice(["en", "fr"]),
        answers={k: v for k, v in answers.items() if v},
    )


def demo_card(consultation: Consultation) -> str:
    """A fresh invitation card for trying the participant's page: its token (printed by `multitrack demo`)."""
    group = consultation.groups.order_by("label").first()
    return actions.issue_cards(consultation, group, 1, None)[0].token
