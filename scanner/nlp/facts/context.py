"""What the fact rules read: the article (its sentences, title, main organisation, what kind of
news it is) and, for each amount, its sentence, its own segment of it, the parse and the verb
that governs it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from scanner.nlp.facts import lexicon as lx
from scanner.nlp.facts.parse import Parsed, governing_verb, tense
from scanner.nlp.facts.text import Span, flat, segments, sentence_of, sentences
from scanner.nlp.facts.unlisted import name_at
from scanner.records import Mention

# "le fonds X", "l'investisseur X", "the fund X": X is a funder in this text.
_FUND_BEFORE = re.compile(
    r"\b(?:fonds|investisseurs?|banques?|societe de gestion|capital-risqueur|business angels?|"
    r"fund|investors?|bank|venture capital firm)(?: [a-z'-]+){0,2}\s*(?:d'|de |du |la |le )?\s*$"
)
# "auprès de X", "avec le soutien de X", "mené par X": X invests in this text.
_INVESTOR_BEFORE = re.compile(
    r"\b(?:(?:aupres|avec le soutien|avec la participation|aux cotes) " + lx.OF + "|"
    r"men(?:e|ee) par|led by|with participation from|backed by|alongside)\s*"
    r"(?:l'|la |le |les |du |des |the )?\s*$"
)
_ENGLISH = re.compile(r"\b(?:the|and|of|with|for|has|was|is|are|its|will|said)\b")
_FRENCH = re.compile(r"\b(?:le|la|les|et|des|du|une|est|avec|pour|dans|qui|sur)\b")
# A regulator or ministry is what an article is about less often than who it is about.
_AUTHORITY = re.compile(
    r"\b(?:has|haute autorite|ansm|cnil|ccne|fda|ema|ministere|ministry|gouvernement|"
    r"sante publique france|assemblee|senat|cour des comptes|igas|drees|dgos|dgs|sgpi|"
    r"ordre des|academie|oms|who)\b"
)


@dataclass(frozen=True, slots=True)
class Article:
    """An article as the rules see it; mention indexes refer to `mentions`."""

    text: str
    flat: str
    published: date | None
    english: bool
    mentions: tuple[Mention, ...]
    sentences: tuple[Span, ...]
    title: Span | None
    protagonist: str | None  # the organisation the article is about, if one stands out
    opening: bool  # a building or equipment is opened or started
    review: bool  # a review of a running programme
    launch: bool  # something is launched or announced
    title_values: frozenset[int]  # amounts (rounded euros) the title gives
    funders: frozenset[str] = frozenset()  # names the text calls a fund, a bank, an investor
    parsed: dict[int, Parsed] = field(default_factory=dict)  # sentence index -> parse
    starts: tuple[int, ...] = ()  # mention starts, in order (mentions are sorted, disjoint)

    def indexes(self, start: int, end: int, kinds: tuple[str, ...] = ()) -> list[int]:
        """Indexes of the mentions starting in [start, end) (of these kinds, or any)."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [i for i in range(lo, hi) if not kinds or self.mentions[i].kind in kinds]

    def starting_at(self, pos: int, kinds: tuple[str, ...] = ()) -> int | None:
        """The index of the mention that starts at `pos` (of these kinds, or any), if any."""
        found = self.indexes(pos, pos + 1, kinds)
        return found[0] if found else None

    def is_funder(self, name: str) -> bool:
        """A name that pays by trade, or that this text calls a fund or an investor."""
        return name in self.funders or is_funder(name)

    def covering(self, pos: int) -> Mention | None:
        """The mention whose span holds `pos`, if any."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.mentions[i].start <= pos < self.mentions[i].end:
            return self.mentions[i]
        return None

    def programmes(self, span: Span) -> list[Mention]:
        return [self.mentions[i] for i in self.indexes(span.start, span.end, ("programme",))]


@dataclass(frozen=True, slots=True)
class Amount:
    """One amount and where it sits."""

    article: Article
    index: int  # in article.mentions
    mention: Mention
    sentence_index: int
    sentence: Span
    segment: Span
    parsed: Parsed | None
    word: int | None  # the amount's word in the parse
    verb: int | None  # the verb governing it in the parse
    tense: str  # of that verb ("" without a parse)
    following: Mention | None  # the next amount of the same sentence, if any

    @property
    def before(self) -> str:
        """The folded text of the segment before the amount."""
        return self.article.flat[self.segment.start : self.mention.start]

    @property
    def after(self) -> str:
        """The folded text of the segment after the amount."""
        return self.article.flat[self.mention.end : self.segment.end]

    @property
    def sentence_flat(self) -> str:
        return self.article.flat[self.sentence.start : self.sentence.end]

    @property
    def previous(self) -> Span | None:
        i = self.sentence_index
        return self.article.sentences[i - 1] if i > 0 else None

    @property
    def in_title(self) -> bool:
        title = self.article.title
        return title is not None and title.start <= self.mention.start < title.end

    def verb_text(self) -> str:
        """The folded governing verb, "" when there is none or no parse."""
        if self.parsed is None or self.verb is None:
            return ""
        w = self.parsed.words[self.verb]
        return self.article.flat[w.start : w.end]


def looks_english(text: str) -> bool:
    low = text[:3000].lower()
    return len(_ENGLISH.findall(low)) > len(_FRENCH.findall(low))


def title_span(text: str) -> Span | None:
    """The title: a first line followed by a blank line (how `Article.full_text` joins them)."""
    head, sep, _ = text.partition("\n\n")
    if sep and head.strip() and len(head) < 400 and "\n" not in head.strip():
        return Span(0, len(head))
    return None


# a hospital's or a university's foundation raises money for it: gifts are given *to* it
# ("un don de 5 M€ à la Fondation de l'AP-HP", "12 M€ collectés par la Fondation du CHU")
_FUNDRAISER = re.compile(
    r"^(?:fondation|fonds de dotation) (?:de l'|du |de la |des |de )?(?:l')?"
    r"(?:ap-hp|aphp|chu|chru|hopita\w*|hospices?|universit\w*|institut\w*|centre\w*|"
    r"clinique|hcl|ch |groupe hospitalier)"
)


# "Innosuisse's Swiss Accelerator programme": whose programme it is pays through it
_POSSESSIVE = re.compile(r"'s\s+")
_WORD = re.compile(r"[a-z-]+\s+")


def _owns_programme(low: str, end: int, programme_starts: set[int]) -> bool:
    m = _POSSESSIVE.match(low, end)
    if m is None:
        return False
    word = _WORD.match(low, m.end())  # "Innosuisse's new Swiss Accelerator"
    return m.end() in programme_starts or (word is not None and word.end() in programme_starts)


def is_funder(name: str) -> bool:
    """A name that pays by trade: a public bank, an agency, an investor (not a hospital's or
    a university's foundation, which takes gifts as much as it gives)."""
    folded = flat(name)
    return bool(lx.FUNDER_NAME.search(folded)) and not _FUNDRAISER.match(folded)


def is_authority(name: str) -> bool:
    return bool(_AUTHORITY.search(flat(name)))


def build_article(text: str, mentions: Sequence[Mention], published: date | None) -> Article:
    """The article-level context (without parses)."""
    low = flat(text)
    spans = tuple(sentences(text))
    title = title_span(text)
    lead_end = spans[min(len(spans) - 1, 2 if title else 1)].end if spans else 0
    head = low[:lead_end]
    ms = tuple(sorted(mentions, key=lambda m: (m.start, m.end)))
    programme_starts = {m.start for m in ms if m.kind == "programme"}
    funders = frozenset(
        m.canonical or m.text
        for m in ms
        if m.kind == "organisation"
        and (
            _FUND_BEFORE.search(low, max(0, m.start - 40), m.start)
            or _INVESTOR_BEFORE.search(low, max(0, m.start - 40), m.start)
            or _owns_programme(low, m.end, programme_starts)
        )
    )
    title_values = frozenset(
        round(m.value_eur)
        for m in ms
        if m.kind == "amount" and m.value_eur and title is not None and m.start < title.end
    )
    return Article(
        text=text,
        flat=low,
        published=published,
        english=looks_english(text),
        mentions=ms,
        sentences=spans,
        title=title,
        protagonist=protagonist(ms, title, lead_end, funders, low)
        or title_taker(ms, title, low)
        or unlisted_taker(text, title, low),
        opening=bool(lx.OPENING.search(head)),
        review=bool(lx.REVIEW.search(head)),
        launch=bool(lx.ANNOUNCE.search(head)),
        title_values=title_values,
        starts=tuple(m.start for m in ms),
        funders=funders,
    )


# a title's verb that makes its subject the giver
_GIVER_AFTER = re.compile(
    r"\s*(?:\w+\s+)?(?:financ|cofinanc|soutien|souti|accord|attribu|octroi|subventionn|"
    r"investi\w* (?:\w+ )?(?:dans|in)\b|backs?\b|backed|funds\b|awards?\b|grants\b|lends?\b|"
    # "Sakurada mise jusqu'à 440 M€ sur l'anticorps de Théranyx": the one bet on is the subject
    r"mis(?:e|ent)\b(?! en\b)|bets?\b)"
)


def protagonist(
    mentions: Sequence[Mention],
    title: Span | None,
    lead_end: int,
    funders: frozenset[str],
    low: str,
) -> str | None:
    """The organisation the article is about: the first one in the title that is no funder
    nor authority, else the one the lead names most (then first)."""
    orgs = [m for m in mentions if m.kind == "organisation"]
    usable = [
        m for m in orgs if not is_funder(m.canonical or m.text) and m.canonical not in funders
    ]
    players = [m for m in usable if not is_authority(m.canonical or m.text)]
    if title is not None:
        in_title = [m for m in players if m.start < title.end]
        # "CARB-X backs French lysin developer Corsair": the one backed, not the backer
        takers = [m for m in in_title if not _GIVER_AFTER.match(low, m.end)]
        for m in takers or in_title:
            return m.canonical or m.text
    lead = [m for m in players if m.start < lead_end]
    if not lead:
        return None
    counts: dict[str, int] = {}
    for m in players:
        name = m.canonical or m.text
        counts[name] = counts.get(name, 0) + 1
    first: dict[str, int] = {}
    for m in lead:
        first.setdefault(m.canonical or m.text, m.start)
    return max(first, key=lambda n: (counts.get(n, 0), -first[n]))


_TAKER = re.compile(r"\s*(?:" + lx.TAKE + ")")


def title_taker(mentions: Sequence[Mention], title: Span | None, low: str) -> str | None:
    """A short name the NER took for a person or a place, right before "lève", "raises",
    "obtient" in the title: the company the article is about ("Oncovia raises €18 million")."""
    if title is None:
        return None
    for m in mentions:
        if m.start >= title.end:
            break
        if m.kind in ("person", "place") and len(m.text.split()) <= 3 and _TAKER.match(low, m.end):
            return m.canonical or m.text
    return None


def unlisted_taker(text: str, title: Span | None, low: str) -> str | None:
    """A name no extractor found at the head of the title, right before "lève", "raises",
    "obtient" ("Calanque AI closes €6m seed round")."""
    if title is None:
        return None
    name = name_at(text, title.start, title.end)
    if name is None or not _TAKER.match(low, title.start + len(name)):
        return None
    return name


def amount_contexts(article: Article) -> list[Amount]:
    """One context per amount of the article, in text order."""
    out: list[Amount] = []
    idx = [i for i, m in enumerate(article.mentions) if m.kind == "amount"]
    by_sentence: dict[int, list[int]] = {}
    for i in idx:
        by_sentence.setdefault(
            sentence_of(article.sentences, article.mentions[i].start), []
        ).append(i)
    for s, members in by_sentence.items():
        sent = article.sentences[s] if article.sentences else Span(0, len(article.text))
        spans = [Span(article.mentions[i].start, article.mentions[i].end) for i in members]
        parts = segments(article.text, sent, spans)
        parsed = article.parsed.get(s)
        for k, i in enumerate(members):
            word = parsed.word_of(i) if parsed is not None else None
            verb = governing_verb(parsed, word) if parsed is not None and word is not None else None
            out.append(
                Amount(
                    article=article,
                    index=i,
                    mention=article.mentions[i],
                    sentence_index=s,
                    sentence=sent,
                    segment=parts[k],
                    parsed=parsed,
                    word=word,
                    verb=verb,
                    tense=tense(parsed, verb) if parsed is not None and verb is not None else "",
                    following=article.mentions[members[k + 1]] if k + 1 < len(members) else None,
                )
            )
    return sorted(out, key=lambda a: a.mention.start)
