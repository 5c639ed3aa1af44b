"""What the participant page says, in each language a consultation may be held in.

The participant page is read by people without an account, often on a cheap phone, in their own language;
it cannot wait for the staff interface to be translated, so its few sentences are kept here, complete for
every language offered. A test checks that every language has every phrase.
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
LANGUAGE_CHOICES = list(LANGUAGES.items())
RIGHT_TO_LEFT = frozenset({"ar"})

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "title": "Consultation",
        "choose_language": "Choose your language",
        "invalid": "This link is not valid.",
        "invalid_help": "Check the card you were given, or ask the person who gave it to you.",
        "not_open": "This consultation has not opened yet.",
        "closed": "This consultation is closed. Thank you.",
        "privacy": (
            "Your name is never asked. We keep your votes under a random number, without your phone or "
            "your network address. You can withdraw your votes at any moment."
        ),
        "start": "Start",
        "about_you": "About you (optional)",
        "about_you_help": "These answers help us see which groups took part. Skip any question.",
        "prefer_not": "Prefer not to say",
        "continue": "Continue",
        "agree": "Agree",
        "disagree": "Disagree",
        "pass": "Pass / unsure",
        "progress": "Statement {n} of {total}",
        "original": "Original language: {language}",
        "all_done": "You have voted on every statement. Thank you. Come back later: others may add new ones.",
        "add": "Add your own statement",
        "add_help": "One short idea that others can agree or disagree with. Do not name anyone.",
        "send": "Send",
        "held": "Thank you. Your statement will be shown to others once a facilitator has read it.",
        "shown": "Thank you. Your statement is now shown to others.",
        "too_long": "Please keep it under {n} characters.",
        "empty": "Please write a statement first.",
        "slow_down": "Too many votes in a short time from this card. Wait a minute and try again.",
        "statements_closed": "New statements are not being taken.",
        "my_votes": "Your votes",
        "withdraw": "Withdraw my votes",
        "withdraw_confirm": "Remove all your votes and answers? This cannot be undone.",
        "withdrawn": "Your votes and answers were removed.",
        "rejoin": "Vote again",
        "voted": "Your vote was recorded.",
        "back": "Back to the statements",
    },
    "fr": {
        "title": "Consultation",
        "choose_language": "Choisissez votre langue",
        "invalid": "Ce lien n'est pas valide.",
        "invalid_help": "Vérifiez la carte que vous avez reçue, ou demandez à la personne qui vous l'a donnée.",
        "not_open": "Cette consultation n'est pas encore ouverte.",
        "closed": "Cette consultation est close. Merci.",
        "privacy": (
            "Votre nom n'est jamais demandé. Nous gardons vos votes sous un numéro tiré au hasard, sans votre "
            "téléphone ni votre adresse réseau. Vous pouvez retirer vos votes à tout moment."
        ),
        "start": "Commencer",
        "about_you": "À propos de vous (facultatif)",
        "about_you_help": "Ces réponses montrent quels groupes ont participé. Passez toute question.",
        "prefer_not": "Je préfère ne pas répondre",
        "continue": "Continuer",
        "agree": "D'accord",
        "disagree": "Pas d'accord",
        "pass": "Je passe / je ne sais pas",
        "progress": "Proposition {n} sur {total}",
        "original": "Langue d'origine : {language}",
        "all_done": (
            "Vous avez voté sur toutes les propositions. Merci. Revenez plus tard : d'autres en ajouteront peut-être."
        ),
        "add": "Ajouter votre proposition",
        "add_help": "Une idée courte avec laquelle on peut être d'accord ou non. Ne nommez personne.",
        "send": "Envoyer",
        "held": "Merci. Votre proposition sera montrée aux autres après relecture par un facilitateur.",
        "shown": "Merci. Votre proposition est maintenant montrée aux autres.",
        "too_long": "Restez sous {n} caractères, s'il vous plaît.",
        "empty": "Écrivez d'abord une proposition.",
        "slow_down": "Trop de votes en peu de temps avec cette carte. Attendez une minute et réessayez.",
        "statements_closed": "Les nouvelles propositions ne sont plus acceptées.",
        "my_votes": "Vos votes",
        "withdraw": "Retirer mes votes",
        "withdraw_confirm": "Supprimer tous vos votes et vos réponses ? C'est définitif.",
        "withdrawn": "Vos votes et vos réponses ont été supprimés.",
        "rejoin": "Voter à nouveau",
        "voted": "Votre vote est enregistré.",
        "back": "Retour aux propositions",
    },
    "es": {
        "title": "Consulta",
        "choose_language": "Elija su idioma",
        "invalid": "Este enlace no es válido.",
        "invalid_help": "Revise la tarjeta que recibió o pregunte a quien se la dio.",
        "not_open": "Esta consulta aún no está abierta.",
        "closed": "Esta consulta está cerrada. Gracias.",
        "privacy": (
            "Nunca le pedimos su nombre. Guardamos sus votos bajo un número al azar, sin su teléfono ni su "
            "dirección de red. Puede retirar sus votos en cualquier momento."
        ),
        "start": "Empezar",
        "about_you": "Sobre usted (opcional)",
        "about_you_help": "Estas respuestas muestran qué grupos participaron. Puede saltar cualquier pregunta.",
        "prefer_not": "Prefiero no decirlo",
        "continue": "Continuar",
        "agree": "De acuerdo",
        "disagree": "En desacuerdo",
        "pass": "Paso / no sé",
        "progress": "Afirmación {n} de {total}",
        "original": "Idioma original: {language}",
        "all_done": "Ha votado todas las afirmaciones. Gracias. Vuelva más tarde: otras personas pueden añadir más.",
        "add": "Añadir su propia afirmación",
        "add_help": "Una idea breve con la que otros puedan estar de acuerdo o no. No nombre a nadie.",
        "send": "Enviar",
        "held": "Gracias. Su afirmación se mostrará cuando un facilitador la haya leído.",
        "shown": "Gracias. Su afirmación ya se muestra a los demás.",
        "too_long": "Por favor, use menos de {n} caracteres.",
        "empty": "Escriba primero una afirmación.",
        "slow_down": "Demasiados votos en poco tiempo con esta tarjeta. Espere un minuto y vuelva a intentarlo.",
        "statements_closed": "Ya no se aceptan nuevas afirmaciones.",
        "my_votes": "Sus votos",
        "withdraw": "Retirar mis votos",
        "withdraw_confirm": "¿Borrar todos sus votos y respuestas? No se puede deshacer.",
        "withdrawn": "Sus votos y respuestas fueron borrados.",
        "rejoin": "Votar de nuevo",
        "voted": "Su voto quedó registrado.",
        "back": "Volver a las afirmaciones",
    },
    "ar": {
        "title": "استشارة",
        "choose_language": "اختر لغتك",
        "invalid": "هذا الرابط غير صالح.",
        "invalid_help": "تحقق من البطاقة التي استلمتها، أو اسأل الشخص الذي أعطاك إياها.",
        "not_open": "لم تبدأ هذه الاستشارة بعد.",
        "closed": "انتهت هذه الاستشارة. شكراً لك.",
        "privacy": (
            "لا نسألك عن اسمك أبداً. نحفظ أصواتك تحت رقم عشوائي، دون هاتفك أو عنوان شبكتك. "
            "يمكنك سحب أصواتك في أي وقت."
        ),
        "start": "ابدأ",
        "about_you": "عنك (اختياري)",
        "about_you_help": "تساعدنا هذه الإجابات على معرفة الفئات التي شاركت. يمكنك تخطي أي سؤال.",
        "prefer_not": "أفضل عدم الإجابة",
        "continue": "متابعة",
        "agree": "أوافق",
        "disagree": "لا أوافق",
        "pass": "تخطي / لست متأكداً",
        "progress": "العبارة {n} من {total}",
        "original": "اللغة الأصلية: {language}",
        "all_done": "لقد صوّتَ على كل العبارات. شكراً لك. عد لاحقاً، فقد يضيف آخرون عبارات جديدة.",
        "add": "أضف عبارتك",
        "add_help": "فكرة قصيرة يمكن للآخرين أن يوافقوا عليها أو يرفضوها. لا تذكر اسم أحد.",
        "send": "إرسال",
        "held": "شكراً لك. ستظهر عبارتك للآخرين بعد أن يقرأها أحد الميسّرين.",
        "shown": "شكراً لك. عبارتك معروضة الآن للآخرين.",
        "too_long": "يرجى ألا تتجاوز {n} حرفاً.",
        "empty": "اكتب عبارة أولاً.",
        "slow_down": "أصوات كثيرة في وقت قصير من هذه البطاقة. انتظر دقيقة ثم حاول مجدداً.",
        "statements_closed": "لا تُقبل عبارات جديدة الآن.",
        "my_votes": "أصواتك",
        "withdraw": "سحب أصواتي",
        "withdraw_confirm": "حذف كل أصواتك وإجاباتك؟ لا يمكن التراجع عن ذلك.",
        "withdrawn": "تم حذف أصواتك وإجاباتك.",
        "rejoin": "صوّت من جديد",
        "voted": "تم تسجيل صوتك.",
        "back": "العودة إلى العبارات",
    },
}


def phrases(lang: str) -> dict[str, str]:
    return PHRASES.get(lang, PHRASES["en"])
