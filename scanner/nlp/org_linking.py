"""One canonical name per organisation: longer names kept apart from the listed names they
start with, acronyms defined in the text, variants within an article and across articles.

- "Inserm Transfert", "CEA-Leti", "Paris Saclay Cancer Cluster" are not Inserm, CEA or
  Université Paris-Saclay: a listed name followed by more name words is another body
  (`longer_names`), unless the gazetteer lists the longer name too.
- Acronyms defined in either order, "Paris Saclay Cancer Cluster (PSCC)" and "PSCC (Paris
  Saclay Cancer Cluster)"; the bracketed acronym inside a listed name ("l'agence régionale de
  santé (ARS) de Nouvelle-Aquitaine" is ARS Nouvelle-Aquitaine; "la Caisse des dépôts et
  consignations (CDC) Entreprises" is CDC Entreprises) — `bracketed_acronyms`.
- In an article, case and accent variants take one canonical (`link_variants`); a canonical
  the gazetteer lists is marked `origin="gazetteer"`, so `rule` and `model` mean "not listed".
- Across articles, `NameBook` remembers the canonical first given to an unlisted name, so
  "Oséo" and "Oseo", "NOVADISCOVERY" and "Novadiscovery" stay one entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from scanner.nlp.gazetteer import Gazetteer, GazMatch, name_key
from scanner.nlp.org_rules import LEADING_ARTICLE, NOT_ORG, long_form_of
from scanner.nlp.org_vocab import NOT_FIRST, SHAPE_WORDS
from scanner.records import Mention, Origin
from scanner.text.folding import fold

Span = tuple[int, int]
_UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÛÙÜŸÆŒ"
_NAME_WORD = rf"[{_UP}][\w&’'\-]*[\w]|[{_UP}]{{2,}}"
# After a listed name: "-Leti", " Transfert", " Cancer Cluster" (at most three words)
_TAIL = re.compile(
    rf"(?:-(?P<hyphen>[{_UP}][\w]+)|[ \u00a0](?P<words>(?:{_NAME_WORD})(?:[ \u00a0](?:{_NAME_WORD})){{0,2}}))"
)
_NOT_TAIL = {
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "et", "en", "au", "aux", "a", "the",
    "and", "of", "in", "on", "for", "with", "m", "mme", "dr", "pr", "president", "ceo", "pdg",
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "selon", "pour", "avec", "dans", "par", "sur", "it", "its", "ce",
}  # fmt: skip


# Common words that, after a listed body's name, name one of its arms ("CDC Innovation",
# "Bpifrance Participations", "Inserm Transfert")
_BODY_TAILS = {
    "innovation", "entreprises", "participations", "investissement", "investissements",
    "developpement", "transfert", "ventures",
}  # fmt: skip


def longer_names(
    text: str, hits: Sequence[GazMatch], gazetteer: Gazetteer, taken: Iterable[Span] = ()
) -> list[Mention]:
    """Listed organisations followed, in the same sentence, by more name words: a subsidiary
    or another body that starts with the listed name ("Inserm Transfert", "CEA-Leti")."""
    starts = {h.start for h in hits} | {s for s, _ in taken}
    out = []
    for hit in hits:
        m = _TAIL.match(text, hit.end)
        if m is None:
            continue
        words = (m.group("hyphen") or m.group("words")).split()
        kept: list[str] = []
        pos = m.start() + 1
        # "Lilly Asia Ventures Fund": a place inside a name its shape word closes is the name's
        shaped = len(words) > 1 and words[-1] in SHAPE_WORDS
        for word in words:
            at = text.index(word, pos)
            common = fold(word) in NOT_ORG and not shaped and fold(word) not in _BODY_TAILS
            if at in starts or fold(word) in _NOT_TAIL or common:
                break
            kept.append(word)
            pos = at + len(word)
        if not kept or _headline(text, hit.start):
            continue
        end = pos
        surface = text[hit.start : end]
        canonical = gazetteer.lookup(surface, "organisation") or " ".join(surface.split())
        out.append(Mention("organisation", hit.start, end, surface, canonical, origin="rule"))
    return out


# "la Fondation de l'AP-HP", "le fonds de dotation du CHU de Rennes": a foundation named after
# the body it gives to is another organisation (its own board, its own money)
_FOUNDATION_OF = re.compile(
    r"(?:\bFondation|\b[Ff]onds de dotation)[ \u00a0]+"
    r"(?:de[ \u00a0]+l['’]|de[ \u00a0]+la[ \u00a0]+|du[ \u00a0]+|des[ \u00a0]+|de[ \u00a0]+|d['’])?$"
)


def foundation_names(text: str, hits: Sequence[GazMatch], gazetteer: Gazetteer) -> list[Mention]:
    """Foundations named after a listed body ("Fondation de l'AP-HP", "Fondation du CHU de
    Nantes"): the foundation, not the body, is the organisation named."""
    out = []
    for hit in hits:
        m = _FOUNDATION_OF.search(text, max(0, hit.start - 40), hit.start)
        if m is None:
            continue
        surface = text[m.start() : hit.end]
        head = surface[0].upper() + surface[1:]  # "fonds de dotation du CHU" -> "Fonds ..."
        canonical = gazetteer.lookup(surface, "organisation") or " ".join(head.split())
        out.append(Mention("organisation", m.start(), hit.end, surface, canonical, origin="rule"))
    return out


def _headline(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    words = text[line_start : line_end if line_end >= 0 else None].split()
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 3 and all(w[:1].isupper() for w in long_words)


_ACRONYM = r"[A-Z][A-Za-z0-9&\-]{1,11}"
_DEFINED = re.compile(rf"\(\s*(?P<acr>{_ACRONYM})\s*\)")
# what may follow "(ACR)" inside a listed name: " de Nouvelle-Aquitaine", " Entreprises"
_AFTER_BRACKET = re.compile(
    rf"(?P<link>[ \u00a0]+(?:de[ \u00a0]+la[ \u00a0]+|de[ \u00a0]+|du[ \u00a0]+|des[ \u00a0]+|d['’])?|[ \u00a0]*d['’])"
    rf"(?P<rest>(?:{_NAME_WORD})(?:[ \u00a0\-](?:{_NAME_WORD})){{0,3}})"
)
# "PSCC (Paris Saclay Cancer Cluster)": the acronym first, its words in brackets
_EXPANDED = re.compile(rf"(?<![\w\-])(?P<acr>{_ACRONYM})\s*\((?P<long>[^()\n]{{4,150}})\)")


def bracketed_acronyms(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Organisations whose name holds a bracketed acronym ("LONG (ACR) de Place", "LONG
    (ACR) Entreprises"), and acronyms given before their words ("ACR (LONG)"); every later
    "ACR" of the article takes the same canonical."""
    out: list[Mention] = []
    for m in _DEFINED.finditer(text):
        acr = m.group("acr")
        tail = _AFTER_BRACKET.match(text, m.end())
        if tail is None or sum(c.isupper() for c in acr) < 2:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        window_start = max(line_start, m.start() - 160)
        span = long_form_of(text[window_start : m.start()], acr)
        if span is None:
            continue
        start = window_start + span[0]
        long_form = " ".join(text[start : m.start()].split())
        found = _listed_with_tail(gazetteer, long_form, acr, tail)
        if found is None:
            continue
        canonical, end = found
        out.append(Mention("organisation", start, end, text[start:end], canonical, origin="rule"))
        out += _later(text, acr, end, canonical)
    for m in _EXPANDED.finditer(text):
        acr, inner = m.group("acr"), m.group("long")
        if sum(c.isupper() for c in acr) < 2 or fold(acr) in NOT_ORG:
            continue
        span = long_form_of(inner, acr)
        lead = LEADING_ARTICLE.match(inner)
        if span is None or span[0] > (lead.end() if lead else 0) + 1:
            continue  # the bracket holds more than the acronym's words
        long_start = m.start("long") + span[0]
        long_end = m.start("long") + len(inner.rstrip())
        long_form = text[long_start:long_end]
        listed = gazetteer.lookup(long_form, "organisation") or gazetteer.lookup(
            acr, "organisation"
        )
        if listed is None and not _org_like(long_form):
            continue
        canonical = listed or acr
        out.append(
            Mention("organisation", m.start("acr"), m.end("acr"), acr, canonical, origin="rule")
        )
        out.append(
            Mention("organisation", long_start, long_end, long_form, canonical, origin="rule")
        )
        out += _later(text, acr, m.end(), canonical)
    return out


def _listed_with_tail(
    gazetteer: Gazetteer, long_form: str, acr: str, tail: re.Match[str]
) -> tuple[str, int] | None:
    """The canonical and end of "LONG (ACR) tail" when the gazetteer lists LONG + tail or
    ACR + tail (longest tail first), or when capitalised words follow the bracket straight
    ("(CDC) Entreprises", "(CHU) Dijon Bourgogne": a body of its own, named ACR + words)."""
    link = tail.group("link")
    words = list(re.finditer(r"\S+", tail.group("rest")))
    for n in range(len(words), 0, -1):
        rest = tail.group("rest")[: words[n - 1].end()]
        for name in (f"{long_form}{link}{rest}", f"{acr}{link}{rest}", f"{acr} {rest}"):
            canonical = gazetteer.lookup(" ".join(name.split()), "organisation")
            if canonical is not None:
                return canonical, tail.start("rest") + len(rest)
    # "(CHU) Dijon Bourgogne, reconnu…": the capitalised words straight after the bracket;
    # after "de" only for a body no list knows ("la Chambre de Commerce et d'Industrie (CCI)
    # de Paris Ile-de-France": a listed "(CNRS) de Paris" is the CNRS's lab, not a body)
    unlisted = (
        gazetteer.lookup(acr, "organisation") is None
        and gazetteer.lookup(long_form, "organisation") is None
    )
    named = []
    for w in words if link.strip() == "" or unlisted else ():
        key = fold(w.group())
        if not w.group()[:1].isupper() or key in NOT_FIRST:
            break
        if key in NOT_ORG and not link.strip():  # after "de", a place is the body's seat
            break
        named.append(w)
    if named:
        rest = tail.group("rest")[: named[-1].end()]
        name = " ".join(f"{acr}{link}{rest}".split()) if link.strip() else f"{acr} {rest}"
        if gazetteer.lookup(name, "programme"):
            return None  # "European Innovation Council (EIC) Accelerator": the body's scheme
        known = gazetteer.lookup(name, "organisation")
        return known or name, tail.start("rest") + named[-1].end()
    return None


def _later(text: str, acr: str, after: int, canonical: str) -> list[Mention]:
    pattern = re.compile(rf"(?<![\w\-]){re.escape(acr)}(?![\w\-])")
    return [
        Mention("organisation", m.start(), m.end(), acr, canonical, origin="rule")
        for m in pattern.finditer(text, after)
    ]


def _org_like(long_form: str) -> bool:
    """Words that read as a body's name: capitalised, two or more, not a programme."""
    words = [w for w in long_form.split() if len(w) > 3]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


# -- variants ------------------------------------------------------------------------------


def link_variants(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Organisation variants of one name in an article (case, accents, "INSERM"/"Inserm")
    take one canonical: the gazetteer's when any variant has it, else the first mixed-case
    form. A canonical the gazetteer lists marks the mention `origin="gazetteer"`."""
    rank = {"gazetteer": 0, "curator": 0, "rule": 1, "model": 2}
    chosen: dict[str, tuple[tuple[int, bool], str]] = {}
    for m in mentions:
        if m.kind != "organisation":
            continue
        key = name_key(m.canonical)
        listed = gazetteer.entry("organisation", m.canonical) is not None
        score = (
            0 if listed else rank.get(m.origin, 3),
            m.canonical.isupper() and len(m.canonical) > 5,
        )
        if key not in chosen or score < chosen[key][0]:
            chosen[key] = (score, m.canonical)
    out = []
    for m in mentions:
        if m.kind == "organisation":
            canonical = chosen.get(name_key(m.canonical), ((0, False), m.canonical))[1]
            listed = gazetteer.entry("organisation", canonical) is not None
            origin: Origin = "gazetteer" if listed and m.origin != "curator" else m.origin
            if canonical != m.canonical or origin != m.origin:
                m = replace(m, canonical=canonical, origin=origin)
        out.append(m)
    return out


# -- across articles ---------------------------------------------------------------------

NAMED_KINDS = ("organisation", "programme")


@dataclass(slots=True)
class NameBook:
    """Canonical names given so far to programmes and organisations the gazetteer does not
    list, by comparison key of every surface and canonical seen (first come, kept)."""

    names: dict[tuple[str, str], str] = field(default_factory=dict)

    def learn(self, mentions: Iterable[Mention]) -> None:
        """Remember the unlisted names of these mentions (a mixed-case canonical replaces an
        all-capitals one not yet handed out)."""
        for m in mentions:
            if m.kind not in NAMED_KINDS or m.origin not in ("rule", "model"):
                continue
            keys = {(m.kind, name_key(m.canonical)), (m.kind, name_key(m.text))}
            known = next((self.names[k] for k in keys if k in self.names), None)
            canonical = known or m.canonical
            upper = known is not None and known.isupper() and not m.canonical.isupper()
            if upper and name_key(known or "") == name_key(m.canonical):
                canonical = m.canonical
            for k in keys:
                if k[1]:
                    self.names[k] = canonical

    def remember(self, names: Iterable[tuple[str, str, str]]) -> None:
        """Learn (kind, surface, canonical) triples kept from earlier runs (the store's)."""
        for kind, surface, canonical in names:
            for key in (name_key(canonical), name_key(surface)):
                if key:
                    self.names.setdefault((kind, key), canonical)

    def link(self, mentions: Sequence[Mention]) -> list[Mention]:
        """The mentions with unlisted names renamed to the canonical first given to them."""
        out = []
        for m in mentions:
            if m.kind in NAMED_KINDS and m.origin in ("rule", "model"):
                canonical = self.names.get((m.kind, name_key(m.canonical))) or self.names.get(
                    (m.kind, name_key(m.text))
                )
                if canonical and canonical != m.canonical:
                    m = replace(m, canonical=canonical)
            out.append(m)
        return out


def link_across(
    found: Sequence[Sequence[Mention]], book: NameBook | None = None
) -> list[list[Mention]]:
    """One canonical per unlisted name across a batch of articles (and the articles `book`
    has seen before): the batch is learnt first, then renamed."""
    book = book if book is not None else NameBook()
    for mentions in found:
        book.learn(mentions)
    return [book.link(mentions) for mentions in found]
