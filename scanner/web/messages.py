"""Error messages in the web app's language.

The library raises its errors in English (the CLI, logs and the JSON API show them as they
are); the French pages show each one in French. Known messages are matched by pattern; an
unknown one keeps its English text under a French sentence, so nothing is ever hidden.
"""

from __future__ import annotations

import re

# (pattern of the English message, French message; groups are reused as {0}, {1}...)
FRENCH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), french)
    for pattern, french in (
        (r"log in as a curator to change anything", "Connectez-vous avec un compte de curateur pour modifier quoi que ce soit."),
        (r"the account '(.+)' may read but not change anything", "Le compte « {0} » peut lire, mais pas modifier."),
        (r"log in to read this page", "Connectez-vous pour lire cette page."),
        (r"the curation desk is for curators; '(.+)' is a (\w+)", "Le bureau de curation est réservé aux curateurs ; le compte « {0} » est un compte de lecture."),
        (r"missing or wrong CSRF token.*", "Le jeton de sécurité du formulaire manque ou a expiré : rechargez la page, puis recommencez."),
        (r"no mention (\d+)", "La mention n° {0} n'existe plus : l'article a sans doute été re-traité depuis l'ouverture de la page. Rouvrez l'article dans le bureau de curation."),
        (r"no article '(.+)'", "Aucun article « {0} » dans la base (supprimé, ou adresse mal recopiée)."),
        (r"no bulletin for week (\S+)", "Aucun bulletin pour la semaine {0}."),
        (r"no HTML bulletin for week (\S+) in .*", "Le bulletin HTML de la semaine {0} n'a pas été écrit (scanner bulletin --week {0})."),
        (r"no Atom feed yet.*", "Pas encore de flux Atom : aucun bulletin n'a été écrit (scanner bulletin)."),
        (r"no bulletin '(.+)'", "Aucun bulletin « {0} »."),
        (r"no file (\S+) in .*", "Le fichier {0} n'existe pas."),
        (r"'(.+)' is not an ISO week like 2026-W46", "« {0} » n'est pas une semaine ISO comme 2026-W46."),
        (r"unknown theme '(.+)'; known themes: (.+)", "Thème inconnu « {0} » ; thèmes connus : {1}."),
        (r"Not Found", "Cette page n'existe pas."),
        (r"Method Not Allowed", "Cette adresse ne s'utilise pas ainsi (méthode non permise)."),
        (r"invalid parameter: (.+)", "Paramètre invalide : {0}."),
        (r"query too long \((\d+) characters; at most (\d+)\)", "Requête trop longue ({0} caractères ; {1} au plus)."),
        (r"not an amount in euros: '(.*)'.*", "« {0} » n'est pas un montant en euros (par exemple 12500000 ou 12,5 M)."),
        (r"the selection '(.*)' is not at .*", "La sélection « {0} » ne correspond pas au texte : sélectionnez de nouveau."),
        (r"cannot merge '(.+)' into itself", "Impossible de fusionner « {0} » avec lui-même."),
        (r"both names are needed to merge organisations", "Il faut les deux noms pour fusionner deux organisations."),
        (r"correction (\d+) cannot be undone: (.+)", "La correction n° {0} ne peut pas être annulée : {1}"),
        (r"no correction (\d+)", "Aucune correction n° {0} dans le journal."),
    )
)  # fmt: skip


def in_french(message: str) -> str:
    """The French for an error message (the English kept, under a French sentence, when
    the message is not a known one)."""
    text = message.strip()
    for pattern, french in FRENCH:
        found = pattern.fullmatch(text)
        if found:
            return french.format(*found.groups())
    return f"La demande n'a pas abouti. Détail (en anglais) : {text}"
