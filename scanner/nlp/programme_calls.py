"""Programme names written without guillemets or capitals on every word.

- A call in sentence case after its head: "l'appel à projets Santé numérique des territoires",
  "l'AMI Tiers-lieux de santé", "l'appel à projets i-Démo". The head stays in the mention, as
  for a quoted title (`sentence_calls`).
- An acronym in brackets before an English head: "the Small Business Innovation Research
  (SBIR) program" (`acronym_programmes`).
- A UK catalyst fund: "Digital health technology catalyst 2017 round 1", "the Agri-Tech
  Catalyst round" (`catalysts`); "General Catalyst", a venture firm, has neither a sentence-case
  name nor a round after it.
- A national plan or strategy written in lower case: "la stratégie nationale de lutte contre
  l'endométriose", "le plan national de prévention ..." (`national_plans`).

Canonical: the gazetteer's when it lists the name, else the name as written (the first letter
of a lower-case plan capitalised).
"""

from __future__ import annotations

import re

from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.org_rules import long_form_of
from scanner.nlp.programme_shapes import ProgrammeSpan

_SPACE = "[ \u00a0\u202f]"
_APOS = "['\u2019]"
_UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜŸ"

_CALL_HEAD = re.compile(
    rf"\b(?:[Aa]ppels?{_SPACE}+à{_SPACE}+projets?|AAP|AMI|"
    rf"[Aa]ppels?{_SPACE}+à{_SPACE}+manifestations?{_SPACE}+d{_APOS}{_SPACE}?intérêt|"
    rf"[Aa]ppels?{_SPACE}+à{_SPACE}+candidatures?|"
    # a call named without "à projets": "l'appel Santé numérique des hôpitaux"
    rf"[Aa]ppel(?={_SPACE}+[{_UP}]))"
    rf"(?:{_SPACE}+(?:national|nationale|régional|régionale|européen|européenne))?{_SPACE}+"
    rf"(?=[{_UP}]|i-[{_UP}])"
)
# The words of a name: letters, digits, hyphens and inner apostrophes; a year is one
_TOKEN = re.compile(rf"{_SPACE}*(?P<w>[\w][\w\-]*(?:{_APOS}[\w\-]+)?|[dl]{_APOS})")
# Link words that may stand inside a name, never at its end ("Innovation en santé")
_LINKS = {"de", "des", "du", "d'", "d’", "et", "l'", "l’", "la", "le", "les", "à", "&", "en"}
# "en" then one of these is the sentence's ("en partenariat avec", "en mars")
_AFTER_EN = {
    "partenariat", "cours", "collaboration", "lien", "faveur", "janvier", "février", "mars",
    "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    "france", "europe", "région", "particulier", "vue", "tant", "plus", "effet", "place",
}  # fmt: skip
# Words that end a name: verbs, participles, prepositions of the sentence around it
_STOP = {
    "pour", "qui", "que", "dont", "afin", "avec", "par", "dans", "sur", "auprès", "lancé",
    "lancée", "lancés", "visant", "vise", "dédié", "dédiée", "doté", "dotée", "ouvert",
    "ouverte", "financé", "financée", "porté", "portée", "piloté", "pilotée", "a", "est",
    "sera", "était", "permet", "permettra", "au", "aux", "un", "une", "ce", "cette",
    "ces", "son", "sa", "ses", "leur", "leurs", "depuis", "jusqu", "lors", "entre", "vers",
    "sont", "ont", "avait", "doit", "devrait", "peut", "opéré", "opérée", "géré", "gérée",
    "mené", "menée", "ou", "mais", "puis", "selon", "via", "sous", "chez", "contre", "sans",
    "cofinancé", "cofinancée", "remporté", "retenu", "retenue", "retenus", "lauréat",
    "lauréats", "lauréate", "clos", "close", "clôturé", "annoncé", "annoncée", "publié",
    "publiée", "ouvre", "vient", "prévoit", "accompagne", "soutient", "finance", "the",
    "seront", "serait", "seraient", "étaient", "avaient", "aura", "auront", "pourra",
    "pourront", "devra", "devront", "reste", "restent", "visent", "cible", "ciblait",
    # "l'appel à projets Santé Innov l'an dernier": a time of the sentence
    "an", "année", "dernier", "dernière", "prochain", "prochaine",
}  # fmt: skip
# a verb's elided pronoun or negation ("Challenge Prévention s'inscrit dans …", "n'a pas"):
# the sentence goes on, the name has ended
_ELIDED_VERB = re.compile(rf"(?:[sncjmt]|qu){_APOS}[a-zéèêàâîôû]")
_MAX_WORDS = 8
_OWNER_LINKS = ("de", "du", "des", "d'", "d’")


def _name_end(text: str, pos: int, gazetteer: Gazetteer, max_words: int = _MAX_WORDS) -> int:
    """Where a sentence-case name that starts at `pos` ends: before a stop word, a
    punctuation mark, a listed organisation after "de" ("... de Bpifrance"), or after
    `max_words` words; trailing link words are left out."""
    ends: list[tuple[int, str]] = []  # (end, word)
    at = pos
    while len(ends) < max_words:
        m = _TOKEN.match(text, at)
        if m is None:
            break
        word = m.group("w")
        low = word.lower()
        elided = low[:2] in ("l'", "l’") and low[2:] in _STOP  # "l'an dernier"
        if (
            low in _STOP
            or elided
            or _ELIDED_VERB.match(word)
            or (ends and ends[-1][1] == "en" and (low in _AFTER_EN or word[0].isdigit()))
        ):
            if ends and ends[-1][1] == "en":
                ends.pop()
            break
        owner = ends and word[:1].isupper() and ends[-1][1].lower() in _OWNER_LINKS
        if owner and gazetteer.lookup(word, "organisation"):
            break  # "l'appel à projets Santé numérique de Bpifrance": the owner
        if (
            len(ends) > 1
            and ends[-1][1].lower() in _OWNER_LINKS
            and gazetteer.lookup(text[pos : ends[-2][0]].strip(), "programme")
            and _names_programme(text, at, gazetteer)
        ):
            break  # "l'appel à projets i-Démo de France 2030": a listed call, then its plan
        ends.append((m.end(), word))
        at = m.end()
    while ends and ends[-1][1].lower() in _LINKS:
        ends.pop()
    return ends[-1][0] if ends else pos


def _names_programme(text: str, at: int, gazetteer: Gazetteer) -> bool:
    """Whether a listed programme of one to three words, the first capitalised, starts at
    `at` ("France 2030", "Horizon Europe")."""
    words: list[str] = []
    for _ in range(3):
        m = _TOKEN.match(text, at)
        if m is None or not (words or m.group("w")[:1].isupper()):
            return False
        words.append(m.group("w"))
        at = m.end()
        if gazetteer.lookup(" ".join(words), "programme"):
            return True
    return False


def sentence_calls(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    """ "appel à projets Santé numérique des territoires": a call's head then a name that
    opens with a capital (or "i-") and goes on in lower case."""
    spans = []
    for m in _CALL_HEAD.finditer(text):
        end = _name_end(text, m.end(), gazetteer)
        if end <= m.end():
            continue
        name = " ".join(text[m.end() : end].split())
        if gazetteer.lookup(name, "organisation"):
            continue  # "l'AMI Bpifrance": a body's call, the body is an organisation
        canonical = gazetteer.lookup(name, "programme") or name
        start = m.start()
        defined = _DEFINED_AFTER.match(text, end)
        if defined and long_form_of(text[m.end() : end], defined.group("acr")) is not None:
            # "appel à projets Recherche hospitalo-universitaire en santé (RHU)": a term the
            # text defines stands alone with its acronym, as bracketed definitions do
            start, end = m.end(), defined.end()
            canonical = gazetteer.lookup(defined.group("acr"), "programme") or canonical
        spans.append(ProgrammeSpan(start, end, text[start:end], canonical, "rule"))
    return spans


_DEFINED_AFTER = re.compile(rf"{_SPACE}*\((?P<acr>[A-Z][A-Za-z0-9&\-]{{1,11}})\)")

# "(SBIR) program": an acronym in brackets right before an English programme head
_ACRONYM_HEAD = re.compile(
    rf"\((?P<acr>[A-Z][A-Za-z0-9&\-]{{1,11}})\){_SPACE}+(?:programme|program|scheme|initiative)s?\b"
)


def acronym_programmes(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    """ "the Small Business Innovation Research (SBIR) program": the words the acronym spells,
    the acronym in brackets with them; a listed acronym alone when no words spell it."""
    spans = []
    for m in _ACRONYM_HEAD.finditer(text):
        acr = m.group("acr")
        if sum(c.isupper() for c in acr) < 2:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        window_start = max(line_start, m.start() - 160)
        found = long_form_of(text[window_start : m.start()], acr)
        if found is None:  # the acronym alone only when it is a listed programme's
            start, end = m.start("acr"), m.end("acr")
            listed = gazetteer.lookup(acr, "programme")
            if listed is None:
                continue
            canonical = listed
        else:
            start, end = window_start + found[0], m.end("acr") + 1
            long_form = " ".join(text[start : m.start()].split())
            if gazetteer.lookup(long_form, "organisation") or gazetteer.lookup(acr, "organisation"):
                continue  # "the National Cancer Institute (NCI) program": a body's programme
            canonical = (
                gazetteer.lookup(long_form, "programme")
                or gazetteer.lookup(acr, "programme")
                or long_form
            )
        spans.append(ProgrammeSpan(start, end, text[start:end], canonical, "rule"))
    return spans


# "la stratégie nationale de lutte contre l'endométriose", "le plan national de prévention
# des infections": a national plan written in lower case, its topic after a link word
_NATIONAL = re.compile(
    rf"\b(?P<head>[Ss]tratégie|[Pp]lan|[Ff]euille{_SPACE}+de{_SPACE}+route)"
    rf"{_SPACE}+(?:nationale?|décennale?|interministérielle?|gouvernementale?)"
    rf"{_SPACE}+(?=(?:de|des|du|d{_APOS}|pour|sur|en{_SPACE}+faveur|contre){_SPACE}?)"
)


def national_plans(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    """A national plan or strategy named by its topic; needs two words of topic at least."""
    spans = []
    for m in _NATIONAL.finditer(text):
        if _INDEFINITE.search(text, max(0, m.start() - 6), m.start()):
            continue  # "plaide pour un plan national sur ...": a plan wished for, not one named
        topic = _topic_end(text, m.end(), gazetteer)
        if topic <= m.end():
            continue
        surface = text[m.start() : topic]
        content = [w for w in re.split(rf"{_SPACE}+|{_APOS}", text[m.end() : topic]) if w]
        if len([w for w in content if w.lower() not in _LINKS | _TOPIC_LINKS]) < 1:
            continue
        name = " ".join(surface.split())
        canonical = gazetteer.lookup(name, "programme") or name[:1].upper() + name[1:]
        spans.append(ProgrammeSpan(m.start(), topic, surface, canonical, "rule"))
    return spans


_INDEFINITE = re.compile(rf"\b(?:un|une|d{_APOS}un|d{_APOS}une|nouvel|nouveau){_SPACE}+$", re.I)
_TOPIC_LINKS = {"pour", "sur", "contre", "en", "faveur", "lutte"}


def _topic_end(text: str, pos: int, gazetteer: Gazetteer) -> int:
    """The end of a plan's topic: its leading link ("de lutte contre", "pour la") then the
    topic's words up to a stop word or punctuation."""
    lead = re.compile(
        rf"(?:(?:de{_SPACE}+lutte{_SPACE}+contre|en{_SPACE}+faveur{_SPACE}+(?:de|des|du|d{_APOS})|"
        rf"de|des|du|d{_APOS}|pour|sur|contre)(?:{_SPACE}+(?:la|le|les|l{_APOS})|(?<={_APOS}))?)"
        rf"{_SPACE}*(?:l{_APOS})?"
    )
    m = lead.match(text, pos)
    if m is None or text[m.end() : m.end() + 1].isdigit():
        return pos  # "un plan national de 30 millions": a sum, no topic
    end = _name_end(text, m.end(), gazetteer, max_words=6)
    return end if end > m.end() else pos


# "Digital health technology catalyst" (sentence case, lower-case head), or capitalised words
# then "Catalyst" followed by its edition or round ("Agri-Tech Catalyst round 3")
_CATALYST = re.compile(
    rf"\b(?P<name>[{_UP}][a-z\-]+(?:{_SPACE}[a-z][a-z\-]+){{1,4}}{_SPACE}catalyst|"
    rf"[{_UP}][\w\-]+(?:{_SPACE}[{_UP}][\w\-]+){{0,3}}{_SPACE}Catalyst"
    rf"(?={_SPACE}+(?:(?:19|20)[0-9]{{2}}{_SPACE}+)?(?:round|competition|award|funding)\b)|"
    # "the government's Digital Health Technology Catalyst": two name words at least (a
    # venture firm's name has one, "General Catalyst")
    rf"[{_UP}][\w\-]+(?:{_SPACE}[{_UP}][\w\-]+){{1,3}}{_SPACE}Catalyst\b(?![\-'’]))"
)
_NOT_CATALYST = {
    "is", "was", "a", "an", "the", "as", "be", "key", "major", "real", "powerful", "strong",
    "and", "of", "for", "to", "this", "that", "its", "their", "our",
}  # fmt: skip


def catalysts(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    """A catalyst fund named in sentence case, capitalised and followed by its round, or with
    two capitalised words before "Catalyst"."""
    spans = []
    for m in _CATALYST.finditer(text):
        words = m.group("name").split()
        if any(w.lower() in _NOT_CATALYST for w in words) or words[0] in ("The", "This", "A"):
            continue  # "Regulation is a powerful catalyst": a metaphor, not a fund
        name = " ".join(words)
        canonical = gazetteer.lookup(name, "programme") or name
        spans.append(ProgrammeSpan(m.start(), m.end(), m.group("name"), canonical, "rule"))
    return spans
