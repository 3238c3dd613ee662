"""Organisations nobody has listed, found by the sentence around a name or by its shape.

A horizon scan is for the start-ups, investors and spin-offs no gazetteer knows yet. News
names them in a few recurring ways, in French and English:

- what they are, before the name: "la start-up rennaise Robocath", "les biotechs Juno, Kite
  et Bluebird", "le fonds Jeito", "the Paris-based startup Nabla";
- the funding sentence: "X lève / a levé / boucle", "auprès de X, Y et Z", "mené par X",
  "aux côtés de X", "X raised", "led by X", "with participation from X and Y";
- an apposition: "X, spécialiste de…", "X, la medtech lyonnaise", "X, a Paris-based company";
- the name's own shape: "… Therapeutics / Pharma / Bio / Medical / Diagnostics / Surgical /
  Ventures / Capital / Partners / Invest".

A name found this way is an organisation whatever spaCy called it (a PER "Robocath" that
raises money is a company), its canonical is its own name (legal suffix removed) unless the
gazetteer knows it, and every other occurrence of it in the article follows. Pure functions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from scanner.nlp.gazetteer import Gazetteer
from scanner.nlp.org_names import (
    COMPANY_AFTER,
    PARTNER_BEFORE,
    PLACE_LINKS,
    UP,
    one_word_person_or_place,
    person_words,
    title_line,
)
from scanner.nlp.org_repeats import other_occurrences, short_forms
from scanner.nlp.org_rules import strip_legal_suffix
from scanner.nlp.org_trim import BRAND_LINK_WORDS, KIND_WORD, clean_name
from scanner.nlp.org_vocab import (
    DEMONYM_NOUN,
    KIND,
    SHAPE_WORDS,
)
from scanner.records import Mention

Span = tuple[int, int]

_SP = "[ \u00a0]"
# One word of a name: capitalised ("Robocath", "BPI", "Innov'Up", "4P-Pharma"), or with an
# inner capital ("iTeos", "bioMérieux"). Words end on a letter or digit.
_WORD = rf"(?:[{UP}][\w'’&+\-]*[\w+]|[{UP}]|[0-9][\w\-]*[A-Za-z][\w\-]*|[a-z]{{1,4}}[{UP}][\w\-]*)"
# later words may be numbers ("Cap Invest 2"), never an amount's ("Lumoris 800 000 euros")
_NEXT = rf"(?:[0-9]+(?![0-9,.]*{_SP}*(?:[0-9]|[MmKk]?€|euros?|millions?|milliards?|%))|{_WORD})"
_LINK = rf"(?:{_SP}(?:de|du|des|de{_SP}la|of|for|&){_SP}|{_SP}d['’]|{_SP}de{_SP}l['’]|{_SP})"
NAME = rf"{_WORD}(?:{_LINK}{_NEXT}){{0,5}}"
_ARTICLE = rf"(?:(?:l|d|de{_SP}l)['’]|(?:le|la|les|de|du|des|de{_SP}la|the){_SP}+)?"

# Between the noun and the name: adjectives ("rennaise", "française", "Paris-based", "French"),
# never a participle or a preposition ("installée à Strasbourg").
_ADJ = (
    r"(?:(?!(?:à|au|aux|de|du|des|en|dans|sur|par|pour|avec|et|ou|qui|que|a|est|the|of|in|"
    r"and|with|for|on|at|is|has|was)\b)(?![a-zàâçéèêëîïôûù\-]*(?:é|ée|és|ées|ing)\b)"
    r"[a-zàâçéèêëîïôûù][\w\-]*|[A-Z][a-z]+-based|French|German|Swiss|British|Belgian|Dutch|"
    r"Italian|Spanish|American|US|U\.S\.|UK|European|Danish|Swedish|Japanese|Chinese|"
    r"Israeli|Canadian|Irish|Finnish)"
)
_KIND_BEFORE = re.compile(
    rf"\b(?:{KIND})(?:{_SP}+{_ADJ}){{0,3}}?(?:{_SP}*,)?{_SP}+(?={_ARTICLE}{_WORD})|"
    # "un nouveau fonds d'investissement baptisé Captek Santé", "a fund called Kelpie Bio"
    rf"\b(?:{KIND})(?:{_SP}+(?:d['’]|de{_SP}+)[a-zàâçéèêëîïôûù\-]+)?(?:{_SP}+{_ADJ}){{0,2}}?"
    rf"{_SP}+(?:baptisée?s?|nommée?s?|appelée?s?|dénommée?s?|called|named){_SP}+(?={_WORD})"
)
# "la marseillaise ImCheck", "l'américain Pfizer": a lower-case demonym as the noun
_DEMONYM_BEFORE = re.compile(
    rf"(?<![\w'’])(?:[Ll]es?|[Ll]a|[Dd]u|[Dd]es|[Aa]ux?|[Ll]['’]|[Dd]e{_SP}l['’]){_SP}*"
    rf"(?:{DEMONYM_NOUN})"
    rf"{_SP}+(?={_WORD})"
)
# Funding and deal sentences: the names that follow are the investors, buyers, partners.
_BY = re.compile(
    rf"(?i:\b(?:auprès|aupres){_SP}+(?=d)|\b(?:co-?)?(?:menée?s?|dirigée?s?|emmenée?s?|"
    rf"conduite?s?|pilotée?s?){_SP}+par{_SP}+|\bavec{_SP}+la{_SP}+participation{_SP}+(?=d)|"
    rf"\baux{_SP}+côtés{_SP}+(?=d)|\bde{_SP}+la{_SP}+part{_SP}+(?=d)|"
    rf"\b(?:rachetée?s?|acquise?s?){_SP}+par{_SP}+|\b(?:co-)?led{_SP}+by{_SP}+|"
    rf"\bbacked{_SP}+by{_SP}+|\bparticipation{_SP}+(?:from|of){_SP}+|\balongside{_SP}+|"
    rf"\bacquired{_SP}+by{_SP}+|\binvestors{_SP}+(?:including|such{_SP}+as){_SP}+|"
    rf"\b(?:raised|raises|secured|secures|closed|received)\b[^.\n]{{0,60}}?\bfrom{_SP}+|"
    rf"\binvest(?:ed|s|ments?)?{_SP}+in{_SP}+|\ba{_SP}+investi{_SP}+dans{_SP}+|"
    rf"\binvestit{_SP}+dans{_SP}+|"
    # "a investi 3 M€ dans Orthovia", "entre au capital de Kinévia": the company invested in
    rf"\b(?:investi|investit|investissent|injecté|injecte)\b[^.;:\n]{{1,40}}?\bdans{_SP}+|"
    rf"\b(?:entre|entré|entrée|entrent){_SP}+au{_SP}+capital{_SP}+(?=d)|\b(?:misé|parié){_SP}+sur{_SP}+|\bportfolio{_SP}+compan(?:y|ies){_SP}+(?:such{_SP}+as{_SP}+)?|"
    # "la levée de fonds de Doctolib", "la levée exceptionnelle d'Alan"
    rf"\blevées?(?:{_SP}+(?:de{_SP}+fonds|exceptionnelle|record|historique))?{_SP}+(?=d['’]|de{_SP}))"
)
# Right after the name: it raises, closes, buys (FR and EN)...
_VERB_AFTER = re.compile(
    rf"(?:{_SP}*\([^()\n]{{1,200}}\))?(?:{_SP}*,?{_SP}+(?:qui|which|that))?"
    rf"{_SP}+(?:(?:a|ont|vient{_SP}de|viennent{_SP}de|annonce{_SP}avoir|has|have){_SP}+)?"
    rf"(?:(?:récemment|déjà|recently|just){_SP}+)?"
    r"(?:lève|levé|lèvent|lever|boucle|bouclé|finalise|finalisé|rachète|racheté|acquiert|"
    r"réalise(?:[ \u00a0]+(?:une|un)[ \u00a0]+(?:levée|tour|série))|"
    r"annonce(?:[ \u00a0]+(?:une|un|sa|son)[ \u00a0]+(?:levée|tour|financement|série))|"
    r"(?:reçoit|reçu)[ \u00a0]+(?:un|une|le)[ \u00a0]+(?:financement|aide|subvention|soutien|prêt)|"
    r"obtient|décroche|remporte|sécurise|clôture|obtenu|décroché|remporté|sécurisé|clôturé|"
    r"étend[ \u00a0]+(?:sa|son)[ \u00a0]+(?:levée|tour|série)|"
    r"annonce[ \u00a0]+(?:une|un|sa|son)[ \u00a0]+(?:première|nouvelle|deuxième)[ \u00a0]+"
    r"(?:levée|tour)|raises|raised|secures|receives|received|wins|won|obtains|obtained|"
    r"acquired|acquires|secured|closes|closed|completes|completed|"
    r"lands|landed|bags|nets|netted)\b"
    # "Lucine, qui développe des solutions", "Nabla, which develops an assistant"
    r"|,?[ \u00a0]+(?:qui|which|that)[ \u00a0]+(?:développe|conçoit|commercialise|fabrique|"
    r"develops|designs|makes|builds|commercialises|commercializes)\b"
)
# ... or is said, in apposition, to be a company, a specialist of something, based somewhere.
APPOSITION_AFTER = re.compile(
    rf"{_SP}*(?:,{_SP}+|\({_SP}*)(?:(?:une|un|la|le|l['’]|a|an|the|cette){_SP}*)?"
    rf"(?:(?!(?:les|des|ces|ses|leurs|nos|the|its|their|which|qui|dont|de|du|d|of|la|le)\b)"
    rf"[\w\-]+{_SP}+){{0,2}}?"
    rf"(?:{KIND}|spécialiste|spécialisée?|fondée?|créée?|basée?|installée?|issue|"
    rf"plate-?formes?|platform|éditeur|éditrice|fabricant|développeur|concepteur|pionnier|"
    rf"[A-Z][a-z]+-based|based|founded|headquartered)\b"
)
_BRAND_LINK = rf"{_SP}(?:{'|'.join(BRAND_LINK_WORDS)}){_SP}"
_SHAPE = re.compile(
    rf"\b{_WORD}(?:(?:{_LINK}|{_BRAND_LINK}){_NEXT}){{0,3}}{_SP}(?:{'|'.join(SHAPE_WORDS)})\b"
    rf"(?![\-'’]\w)(?!{_SP}+[{UP}])(?!{_SP}+with\b)"  # "Owkin Partners with AstraZeneca"
)
# "auprès du singapourien Temasek", "de l'américain Pfizer": a demonym between article and name
_DEMONYM = (
    rf"(?:(?:du|des|le|la|les|l['’]|de{_SP}l['’]|au|aux){_SP}*"
    rf"[a-zéè]+(?:ien|ienne|ain|aine|ais|aise|ois|oise|and|ande|ique|on|onne)s?{_SP}+)"
)
_ROUND_BEFORE = re.compile(
    r"(?i:\b(?:round|financing|series|seed|s[ée]rie|tour(?:[ \u00a0]de[ \u00a0]table)?|"
    r"lev[ée]e(?:[ \u00a0]de[ \u00a0]fonds)?|financement|amor[çc]age)\b)[^.;\n]*$"
)
_NAME_AT = re.compile(rf"(?:{_DEMONYM}|{_ARTICLE})(?P<name>{NAME})")
_NAME_BEFORE = re.compile(rf"(?P<name>{NAME})$")
_LIST_SEP = re.compile(
    # "Seaturns (récupération de l'énergie des vagues), IQSpot (...) ou encore Lucine"
    rf"(?:{_SP}*\([^()\n]{{1,150}}\))?"
    # "auprès d'Advent France Biotechnologie, investisseur et co-fondateur, et de Medicxi"
    rf"(?:{_SP}*,{_SP}*(?:[a-zà-ÿ][\w'’\-]*{_SP}+){{0,5}}[a-zà-ÿ][\w'’\-]*"
    rf"(?=,{_SP}*(?:et|and){_SP}))?"
    rf"{_SP}*(?:,{_SP}*(?:et{_SP}+|and{_SP}+|ou{_SP}+encore{_SP}+)?|"
    rf"{_SP}+(?:et|and|ainsi{_SP}+que|ou{_SP}+encore|ou|or){_SP}+)"
)

# an apposition that says what the name is, with an indefinite article ("X, une start-up
# nantaise"); "À Lyon, la biotech Y" names Y, not Lyon
_A_KIND = re.compile(rf"{_SP}*(?:,{_SP}+|\({_SP}*)(?:une|un|a|an){_SP}")
_SENTENCE_END = re.compile(r"[.!?;:\n]")
_OWNER_DE = re.compile(rf"(?:{_SP}de|{_SP}d['’]){_SP}*$")


def context_mentions(
    text: str,
    gazetteer: Gazetteer,
    taken: Sequence[Span] = (),
    person_spans: Sequence[Span] = (),
    is_common_word: Callable[[str], bool] | None = None,
    ents: Sequence[tuple[int, int, str]] = (),
) -> list[Mention]:
    """Organisations named by what they are, by the funding sentence around them, or by the
    shape of their name; then every other occurrence of the same names. A name stops where
    an organisation already found (`taken`) begins ("le fonds Patient Autonome de
    Bpifrance"); `person_spans`: the model's multi-word PER entities (a round "mené par Jean
    Dupont" names a person); `ents`: all the model's entities, which tell the persons and
    places of the weaker cues (a partner, a name before "annonce") from companies."""
    # (start, end, how): "kind" (what it is is said), "by" (a funding sentence names it),
    # "after" (what follows it says it; "after_kind" when that is what it is: "X, une
    # start-up"), "shape" (its last word says it)
    spans: list[tuple[int, int, str]] = []
    for m in _KIND_BEFORE.finditer(text):
        spans += [(s, e, "kind") for s, e in _names_from(text, m.end())]
    for m in _DEMONYM_BEFORE.finditer(text):
        spans += [(s, e, "by") for s, e in _names_from(text, m.end())]
    for m in _BY.finditer(text):
        # "a Series A led by Kleiner Perkins": in a round, a name that reads like a person's
        # is an investor's
        how = "round" if _ROUND_BEFORE.search(text, max(0, m.start() - 60), m.start()) else "by"
        spans += [(s, e, how) for s, e in _names_from(text, m.end())]
    for pattern in (_VERB_AFTER, APPOSITION_AFTER):
        for m in pattern.finditer(text):
            before = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
            if before is not None:
                # "X, une start-up nantaise": no person is a start-up, whatever the model says
                said = (
                    pattern is APPOSITION_AFTER
                    and _A_KIND.match(m.group())
                    and KIND_WORD.search(m.group().lower())
                )
                spans.append((before.start("name"), m.start(), "after_kind" if said else "after"))
    spans += [(m.start(), m.end(), "shape") for m in _SHAPE.finditer(text)]
    # weaker cues: a partner, a buyer, what a company does ("X a signé", "X annonce")
    for m in PARTNER_BEFORE.finditer(text):
        spans += [(s, e, "partner") for s, e in _names_from(text, m.end())]
    for m in COMPANY_AFTER.finditer(text):
        before = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if before is not None:
            spans.append((before.start("name"), m.start(), "weak"))
    persons = person_words(text, ents) if ents else set()
    # a name also stops where a person's name starts ("son fonds Jeito I Rafaele Tordjman")
    starts = sorted([s for s, _ in taken] + [s for s, _ in person_spans])
    mentions: list[Mention] = []
    for start, end, how in spans:
        if title_line(text, start):
            continue  # "Biotech Raises Capital": a headline capitalises every word
        end = _cut_at_taken(text, start, end, starts)
        trimmed = clean_name(text, start, end, is_common_word, keep_article=how == "kind")
        if trimmed is None:
            continue
        start, end = trimmed
        # "la société de Stéphane Lavallée": the founder who owns it, not its name
        owner = how == "kind" and _OWNER_DE.search(text, max(0, start - 4), start) is not None
        if (how in ("by", "after") or owner) and _is_person(start, end, person_spans):
            continue
        if how in ("weak", "partner") and not _company_like(
            text, start, end, ents, persons, is_common_word
        ):
            continue
        if how in ("after", "weak") and _after_preposition(text, start):
            continue
        surface = text[start:end]
        if _COMPOUND_PLACE.fullmatch(surface):
            continue  # "la jeune société de Cherbourg-en-Cotentin": where it is
        canonical = (
            gazetteer.lookup(surface, "organisation")
            or gazetteer.lookup_any_case(surface, "organisation")  # "BpiFrance"
            or strip_legal_suffix(surface)
        )
        mentions.append(Mention("organisation", start, end, surface, canonical, origin="rule"))
    mentions = _within_brands(text, mentions)
    shorts = short_forms(mentions, text)
    mentions = [replace(m, canonical=shorts.get(m.text, m.canonical)) for m in mentions]
    return mentions + other_occurrences(text, mentions)


def _within_brands(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Mind over Matter MedTech raised": the verb's cue stops at the lower-case "over" and
    reads "Matter MedTech"; the brand's whole name (`_BRAND_LINK`) wins over its tail."""
    brands = [
        (m.start(), m.end())
        for m in _SHAPE.finditer(text)
        if re.search(_BRAND_LINK, m.group()) and not title_line(text, m.start())
    ]
    return [
        m
        for m in mentions
        if not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in brands)
    ]


_PREPOSITION = re.compile(r"(?:^|\s)(?:à|À|a|en|En|au|Au|aux|dans|Dans|in|In|at|At|near)\s+$")
_LINK_END = re.compile(rf"(?:{_LINK})$")


def _company_like(
    text: str,
    start: int,
    end: int,
    ents: Sequence[tuple[int, int, str]],
    persons: set[str],
    is_common_word: Callable[[str], bool] | None,
) -> bool:
    """A name from a weaker cue: no person's or place's name, no common word alone."""
    surface = text[start:end]
    if one_word_person_or_place(text, start, end, ents, persons):
        return False
    one = len(surface.split()) == 1
    return not (one and is_common_word is not None and is_common_word(surface))


def _after_preposition(text: str, start: int) -> bool:
    """ "À Lyon, la biotech X...": a place, not the company (but "a investi 3 M€ dans X":
    money goes into a company, not a town)."""
    found = _PREPOSITION.search(text, max(0, start - 8), start)
    if found is None:
        return False
    return _INVESTED_INTO.search(text, max(0, start - 80), start) is None


_INVESTED_INTO = re.compile(
    r"\b(?:invest\w*|injecte\w*|injecté\w*|placé)\b[^.;:]{0,60}?"
    r"(?:dans|in|into)\s+$"
)


def _cut_at_taken(text: str, start: int, end: int, taken_starts: Sequence[int]) -> int:
    """End a name before an organisation found earlier inside it, and the link word before."""
    i = bisect.bisect_right(taken_starts, start)  # a span starting at `start` does not cut
    if i < len(taken_starts) and taken_starts[i] < end:
        end = taken_starts[i]
        link = _LINK_END.search(text, start, end)
        if link is not None:
            end = link.start()
    return end


def _names_from(text: str, pos: int) -> list[Span]:
    """The name at `pos` and the names listed after it ("X, Y et Z"), articles skipped."""
    found: list[Span] = []
    limit = _sentence_end(text, pos)
    while pos < limit and len(found) < 12:
        m = _NAME_AT.match(text, pos, limit)
        if m is None:
            break
        found.append(m.span("name"))
        sep = _LIST_SEP.match(text, m.end(), limit)
        if sep is None:
            break
        pos = sep.end()
    return found


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos, pos + 400)
    return m.start() if m else min(len(text), pos + 400)


# A French compound place name, with its article: "La Roche-sur-Yon", "Cherbourg-en-Cotentin"
_COMPOUND_PLACE = re.compile(
    rf"(?:(?:La|Le|Les){_SP})?[{UP}][\w']*(?:-[\w']+)*"
    rf"-(?:{PLACE_LINKS})-[\w'\-]+"
)


def _is_person(start: int, end: int, person_spans: Sequence[Span]) -> bool:
    return any(s <= start and end <= e for s, e in person_spans)
