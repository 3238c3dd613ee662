"""Programme mentions: gazetteer names plus patterns for names not yet listed.

Patterns: a quoted name after a call or programme word, the head word and guillemets kept in
the mention as annotators keep them (`appel à projets « ... »`,
`appel à manifestation d'intérêt « ... »`, `un appel intitulé « ... »`, `programme « ... »`,
`stratégie d'accélération « ... »`), `stratégie d'accélération` followed by a known strategy
topic, and `PEPR <Name>`, `Grand Défi <Name>`. Within one article a short form found by a
pattern takes the canonical of the full name it abbreviates ("Données de santé et IA").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scanner.nlp.gazetteer import Gazetteer, GazMatch, drop_overlaps
from scanner.nlp.programme_calls import (
    acronym_programmes,
    catalysts,
    national_plans,
    sentence_calls,
)
from scanner.nlp.programme_shapes import ProgrammeSpan, entity_programmes, shaped_programmes
from scanner.text.folding import FoldedText, fold

_APOS = "['\u2019]"
_OPEN_Q = '[\u00ab\u201c"]'
_CLOSE_Q = '[\u00bb\u201d"]'
_SPACE = "[ \u00a0\u202f\t]"

# Head words: a complement holding one ("volet de la stratégie d'accélération « ... »") leaves
# the title to that head
_HEAD_WORDS = r"(?:stratégies?|programmes?|appels?|plans?|concours|dispositifs?|volets?|prix)\b"

# The word before a quoted name decides how its canonical is written.
_QUOTED = re.compile(
    rf"(?P<head>appels?{_SPACE}+à{_SPACE}+projets?|AAP|"
    rf"appels?{_SPACE}+à{_SPACE}+manifestations?{_SPACE}+d{_APOS}{_SPACE}?intérêt|AMI|"
    rf"appels?{_SPACE}+à{_SPACE}+candidatures?|appels?{_SPACE}+à{_SPACE}+programmes?|"
    rf"appels?(?={_SPACE}+(?:intitulée?s?|baptisée?s?|nommée?s?|dénommée?s?){_SPACE})|"
    rf"programmes?{_SPACE}+d{_APOS}accélération|programmes?|dispositif|concours|plan|volet|"
    rf"action(?={_SPACE}+intitulée)|accélérateur|prix|grand{_SPACE}+prix|challenge|trophées?|"
    rf"feuilles?{_SPACE}+de{_SPACE}+route|label|"
    rf"stratégies?{_SPACE}+(?:d{_APOS}{_SPACE}?accélération|nationale)|Grand{_SPACE}+[Dd]éfi|PEPR)"
    rf"(?:{_SPACE}*\([A-Z]{{2,6}}\))?"
    # "l'appel à projets national « ... »": the call's reach before its title
    rf"(?:{_SPACE}+(?:national|nationale|régional|régionale|européen|européenne)s?)?"
    # "le programme d'accélération de start-ups numériques « MoveOn »": after a complement,
    # as after "intitulé", the title stands alone
    rf"(?P<called>{_SPACE}+(?:intitulée?s?|baptisée?s?|nommée?s?|dénommée?s?)|"
    rf"{_SPACE}+(?:de|des|pour|en)(?:{_SPACE}+(?!{_HEAD_WORDS})[a-zéèêàâîôûç][\w\-]*|"
    rf"{_SPACE}*d{_APOS}(?!{_HEAD_WORDS})[\w\-]+){{1,4}})?"
    rf"{_SPACE}*{_OPEN_Q}{_SPACE}*(?P<name>[^\u00bb\u201d\"\n]{{2,160}}?){_SPACE}*{_CLOSE_Q}",
    re.IGNORECASE,
)

# "PEPR Santé numérique", "Grand Défi Biomédicaments": a capitalised head then a few words.
_NAMED = re.compile(
    rf"\b(?P<head>PEPR|Grands?{_SPACE}+[Dd]éfis?)(?:{_SPACE}+(?:exploratoire|d{_APOS}accélération))?"
    rf"{_SPACE}+(?P<name>[A-ZÉÈÀÂÎÔ][\w\-]*(?:{_SPACE}+(?:et{_SPACE}+|de{_SPACE}+|des{_SPACE}+)?"
    rf"[A-ZÉÈa-zéèêàâîôûç][\w\-]*){{0,6}})",
)

_STRATEGY = re.compile(
    rf"\bstratégies?{_SPACE}+d{_APOS}{_SPACE}?accélération{_SPACE}*{_CLOSE_Q}?"
    rf"(?:{_SPACE}+(?:en{_SPACE}+matière{_SPACE}+de|dédiée{_SPACE}+à{_SPACE}+la|dédiée{_SPACE}+aux|"
    rf"pour{_SPACE}+la|pour{_SPACE}+les|de{_SPACE}+la|des|sur{_SPACE}+la|"
    # "la stratégie d'accélération dans les biothérapies ..."
    rf"dans{_SPACE}+les|dans{_SPACE}+la|dans{_SPACE}+le|dédiée{_SPACE}+à{_SPACE}+l{_APOS}|en))?"
    rf"(?:{_SPACE}+|(?<={_APOS}))",
    re.IGNORECASE,
)
_STRATEGY_PREFIX = "Stratégie d'accélération "

# Words that end a PEPR / Grand Défi name: verbs and articles that follow names in news prose.
_NAME_STOP = {
    "a", "est", "sont", "vise", "visent", "va", "doit", "et", "de", "des", "du", "en", "la", "le",
    "les", "pour", "qui", "que", "dont", "avec", "sur", "dans", "par", "au", "aux", "un", "une",
    "lancé", "lancée", "porté", "portée", "piloté", "pilotée", "doté", "dotée", "financé",
    "finance", "financent", "soutient", "soutiennent", "réunit", "rassemble", "associe", "lance",
    "porte", "coordonne", "mobilise", "compte", "regroupe", "prévoit", "permet", "devrait",
    "sera", "était", "aura", "accompagne", "cible", "couvre", "dispose", "bénéficie", "retient",
}  # fmt: skip


# Links that may stand inside a PEPR or Grand Défi name when a content word follows
_INNER = {"sur", "à", "en"}


def find_programmes(
    text: str,
    gazetteer: Gazetteer,
    folded: FoldedText | None = None,
    ents: Sequence[tuple[int, int, str]] = (),
) -> list[ProgrammeSpan]:
    """Programme mentions in `text`, non-overlapping, sorted by start; `ents`, the model's
    entities (start, end, label), add the programmes it took for organisations."""
    view = folded if folded is not None else FoldedText(text)
    hits = gazetteer.find(view, kinds=("programme",))
    spans = [ProgrammeSpan(h.start, h.end, h.text, h.canonical, "gazetteer") for h in hits]
    spans += _strategies(text, gazetteer)
    spans += _quoted(text, gazetteer)
    spans += _named(text, gazetteer)
    spans += shaped_programmes(text, gazetteer)
    spans += sentence_calls(text, gazetteer) + acronym_programmes(text, gazetteer)
    spans += national_plans(text, gazetteer) + catalysts(text, gazetteer)
    spans += entity_programmes(text, ents, gazetteer)
    spans = _listed_first([s for s in spans if not _body_apposition(text, s)])
    resolved = _link_last_word(_link_short_forms(_specific_parents(_resolve(spans))))
    return _resolve(resolved + _bracketed_acronyms(text, resolved))


_BRACKET = re.compile(r"[ \u00a0]*\((?P<acr>[A-Z][A-Za-z0-9&\-]{1,11})\)")


def _bracketed_acronyms(text: str, spans: list[ProgrammeSpan]) -> list[ProgrammeSpan]:
    """ "Health Innovation Intensive Training (HIIT)": the bracketed acronym after a programme,
    and each later use of it, name the same programme."""
    out = []
    for s in spans:
        m = _BRACKET.match(text, s.end)
        if m is None or sum(c.isupper() for c in m.group("acr")) < 2:
            continue
        acr = m.group("acr")
        for use in re.finditer(rf"(?<![\w\-]){re.escape(acr)}(?![\w\-])", text):
            if use.start() >= s.end:
                out.append(ProgrammeSpan(use.start(), use.end(), acr, s.canonical, s.origin))
    return out


_TOPICS_CACHE: dict[int, tuple[object, list[tuple[str, str]]]] = {}


def _strategy_topics(gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """(folded topic, canonical) for every known stratégie d'accélération, longest first;
    cached until the gazetteer changes (its compiled table is rebuilt on `add_alias`)."""
    table = gazetteer.table
    cached = _TOPICS_CACHE.get(id(gazetteer))
    if cached is not None and cached[0] is table:
        return cached[1]
    topics = _compute_topics(gazetteer)
    _TOPICS_CACHE[id(gazetteer)] = (table, topics)
    return topics


def _compute_topics(gazetteer: Gazetteer) -> list[tuple[str, str]]:
    topics: list[tuple[str, str]] = []
    head = fold(_STRATEGY_PREFIX).strip()
    for entry in gazetteer.entries("programme"):
        if not entry.canonical.startswith(_STRATEGY_PREFIX):
            continue
        for name in (entry.canonical, *entry.aliases):
            folded = fold(name)
            if folded.startswith(head):
                topic = folded[len(head) :].strip(' "')
                for prefix in ("en matiere de ", "dediee a la ", "pour la ", "de la ", "en "):
                    topic = topic.removeprefix(prefix)
                if topic:
                    topics.append((topic, entry.canonical))
    return sorted(set(topics), key=lambda t: -len(t[0]))


def _strategies(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    """`stratégie d'accélération [en matière de] <known topic>` → that strategy."""
    topics = _strategy_topics(gazetteer)
    spans = []
    for m in _STRATEGY.finditer(text):
        rest = text[m.end() : m.end() + 160]
        if re.match(_OPEN_Q, rest):
            continue  # a quoted name: `_quoted` keeps just the name, as annotators do
        view = FoldedText(rest)
        for topic, canonical in topics:
            after = view.lower[len(topic) : len(topic) + 1]
            if view.lower.startswith(topic) and not after.isalnum():
                end = m.end() + view.ends[len(topic) - 1]
                spans.append(
                    ProgrammeSpan(m.start(), end, text[m.start() : end], canonical, "rule")
                )
                break
    return spans


def _quoted(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    """A quoted name after a call/programme word; canonical from the gazetteer when known."""
    spans = []
    for m in _QUOTED.finditer(text):
        name = " ".join(m.group("name").split())
        if not _looks_like_name(name):
            continue
        head = fold(m.group("head"))
        known = gazetteer.lookup(name, "programme")
        if known is None and head.startswith("strategie") and "acceleration" in head:
            known = gazetteer.lookup(_STRATEGY_PREFIX + name, "programme")
            canonical = known or _STRATEGY_PREFIX + name[:1].upper() + name[1:]
        elif known is None and head.startswith(("pepr", "grand defi", "grands defis")):
            prefix = "PEPR " if head.startswith("pepr") else "Grand Défi "
            canonical = gazetteer.lookup(prefix + name, "programme") or prefix + name
        else:
            canonical = known or name
        generic_head = head.startswith(
            (
                "programme",
                "plan",
                "dispositif",
                "concours",
                "accelerateur",
                "prix",
                "grand prix",
                "challenge",
                "trophee",
                "feuille",
                "label",
            )
        )
        if generic_head and known is None and not name[:1].isupper():
            continue  # "le programme « ... »" often quotes a slogan; only capitalised names count
        # the head that introduces a quoted title is part of the mention, guillemets included
        # ("appel à projets « Onco-Data 2027 »"); after "intitulé" the title stands alone
        start, end = m.span("name") if m.group("called") else m.span()
        spans.append(ProgrammeSpan(start, end, text[start:end], canonical, "rule"))
    return spans


def _named(text: str, gazetteer: Gazetteer) -> list[ProgrammeSpan]:
    """`PEPR <Name>` and `Grand Défi <Name>` not in the gazetteer."""
    spans = []
    for m in _NAMED.finditer(text):
        words = m.group("name").split()
        while words and words[-1].lower() in _NAME_STOP:
            words.pop()
        kept: list[str] = []
        for i, w in enumerate(words):
            lower = w.lower()
            if lower in _INNER:  # "Organoïdes et organes sur puce": a link inside the name
                after = words[i + 1].lower() if i + 1 < len(words) else ""
                if not after or after in _NAME_STOP:
                    break
            elif lower in _NAME_STOP - {"et", "de", "des"}:
                break
            elif w[:1].isupper() and any(k[:1].islower() and len(k) > 3 for k in kept):
                break  # a capital after the name's lower-case words starts another name
            kept.append(w)
        while kept and (kept[-1].lower() in {"et", "de", "des"} or len(kept[-1]) < 3):
            kept.pop()  # a connector or an elided article ("et l'...") ends no name
        if not kept:
            continue
        name_start = m.start("name")
        end = name_start + len(" ".join(kept))
        # the joined words match the source only when single spaces separate them
        if text[name_start:end].split() != kept:
            end = name_start + len(kept[0])
        head = "PEPR " if m.group("head").upper() == "PEPR" else "Grand Défi "
        surface = text[m.start() : end]
        canonical = gazetteer.lookup(surface, "programme") or head + text[name_start:end]
        spans.append(ProgrammeSpan(m.start(), end, surface, canonical, "rule"))
    return spans


# "Inserm Transfert Initiative, un fonds qui ...", "X Accelerator, a venture firm": the
# apposition says the name is a body's
_BODY_APPOSITION = re.compile(
    # an indefinite article only: ", l'entreprise avait ..." opens the main clause
    r"[ \u00a0]*,[ \u00a0]+(?:un|une|a|an)[ \u00a0]+"
    r"(?:fonds|fund|société|company|firm|start-up|startup|biotech|medtech|investisseur|investor|"
    r"entreprise|laboratoire|cabinet|venture)\b",
    re.IGNORECASE,
)


def _body_apposition(text: str, span: ProgrammeSpan) -> bool:
    """A name found by a rule that the sentence then calls a fund, a company or a firm."""
    return span.origin == "rule" and _BODY_APPOSITION.match(text, span.end) is not None


def _listed_first(spans: list[ProgrammeSpan]) -> list[ProgrammeSpan]:
    """A rule's span that only adds lower-case words to a listed name it starts with ("PEPR
    Santé numérique accompagne ...") gives way to the listed name."""
    listed = [s for s in spans if s.origin == "gazetteer"]
    if not listed:
        return spans
    out = []
    for s in spans:
        if s.origin != "gazetteer":
            inner = [g for g in listed if s.start <= g.start < g.end <= s.end and g != s]
            if any(
                _only_lower_words(s.text[g.end - s.start :]) and g.start == s.start for g in inner
            ):
                continue
        out.append(s)
    return out


def _only_lower_words(rest: str) -> bool:
    """No capital and no number: words of the sentence, not of a name ("i-Lab 2026" is one)."""
    return not any(c.isupper() or c.isdigit() for c in rest)


def _specific_parents(spans: list[ProgrammeSpan]) -> list[ProgrammeSpan]:
    """A bare "PEPR" in an article naming exactly one PEPR refers to that one."""
    named = {s.canonical for s in spans if s.canonical.startswith("PEPR ")}
    if len(named) != 1:
        return spans
    (only,) = named
    return [
        ProgrammeSpan(s.start, s.end, s.text, only, s.origin) if s.canonical == "PEPR" else s
        for s in spans
    ]


def _link_short_forms(spans: list[ProgrammeSpan]) -> list[ProgrammeSpan]:
    """In one article, a name found by a rule that shortens another programme named there
    takes that one's canonical: "Données de santé et IA" → "Données de santé et intelligence
    artificielle 2027" (an acronym for words, a year left out)."""
    canonicals = {s.canonical for s in spans}
    if len(canonicals) < 2:
        return spans
    longer: dict[str, str] = {}
    for short in canonicals:
        fits = [c for c in canonicals if c != short and _shortens(short, c)]
        if len(fits) == 1:
            longer[short] = fits[0]
    if not longer:
        return spans
    return [
        ProgrammeSpan(s.start, s.end, s.text, longer[s.canonical], s.origin)
        if s.origin == "rule" and s.canonical in longer
        else s
        for s in spans
    ]


def _link_last_word(spans: list[ProgrammeSpan]) -> list[ProgrammeSpan]:
    """ "a Catalyst award" in an article naming the Biomedical Catalyst: a one-word name found
    by a rule that is the last word of exactly one longer programme named there is that one."""
    longer = [c for c in {s.canonical for s in spans} if " " in c]
    out = []
    for s in spans:
        if s.origin == "rule" and " " not in s.canonical:
            fits = [c for c in longer if c.split()[-1].lower() == s.canonical.lower()]
            if len(fits) == 1:
                s = ProgrammeSpan(s.start, s.end, s.text, fits[0], s.origin)
        out.append(s)
    return out


_LINK_WORDS = {"de", "des", "du", "et", "la", "le", "les", "l", "d", "en", "pour", "a", "au", "aux"}


def _shortens(short: str, long: str) -> bool:
    """`short` is `long` with words replaced by their acronym and a trailing year dropped."""
    s_words = fold(short).replace("'", " ").split()
    l_words = fold(long).replace("'", " ").split()
    if len(s_words) < 2 or len(s_words) >= len(l_words) + 1:
        return False
    acronyms = {w for w in short.replace("'", " ").split() if w.isupper() and len(w) >= 2}
    i = same = 0
    for word, cased in zip(s_words, short.replace("'", " ").split(), strict=False):
        if i < len(l_words) and l_words[i] == word:
            i, same = i + 1, same + 1
            continue
        if cased not in acronyms:
            return False
        for letter in word:
            while i < len(l_words) and l_words[i] in _LINK_WORDS:
                i += 1
            if i >= len(l_words) or not l_words[i].startswith(letter):
                return False
            i += 1
    rest = l_words[i:]
    only_years = all(re.fullmatch(r"\d{2,4}", w) for w in rest)
    return same >= 1 and only_years and (bool(rest) or len(l_words) > len(s_words))


def _looks_like_name(name: str) -> bool:
    """Quoted text that reads like a name: short, not a sentence."""
    words = name.split()
    return 1 <= len(words) <= 20 and not name.endswith((".", "!", "?"))


def _resolve(spans: list[ProgrammeSpan]) -> list[ProgrammeSpan]:
    """Longest span wins; a gazetteer canonical beats a rule canonical on equal spans."""
    order = {"gazetteer": 0, "rule": 1}
    ordered = sorted(spans, key=lambda s: order.get(s.origin, 2))
    as_matches = [
        GazMatch("programme", s.start, s.end, s.text, s.canonical, s.origin) for s in ordered
    ]
    span_of = {id(m): s for m, s in zip(as_matches, ordered, strict=True)}
    return [span_of[id(k)] for k in drop_overlaps(as_matches)]  # the kept spans
