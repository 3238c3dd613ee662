"""Bulletin ranking: each story's signals in [0, 1], weighted by `[rank]`, reasons kept.

    cands = [Candidate(article_id="a1", story_id="s1", theme="prevention", theme_score=0.8,
                       novelty=0.9, sources=3, max_eur=2.3e9, key_entities=("France 2030",),
                       authority=1.2, published=date(2026, 11, 12))]
    ranked = rank(cands, cfg.rank, week_start=date(2026, 11, 9))
    ranked[0].reasons   # {"theme": 0.8, "novelty": 0.9, "salience": 0.42, "money": 0.74, ...}

A signal times its weight is its contribution; the score is their sum, so `reasons` explains the
score exactly. A story appears once: its best-scoring article represents it. Everything here is
pure (no store, no clock); the edge (`scanner.bulletin.build`) gathers the inputs, including the
`novelty` of each article, which `novelty()` below computes from article vectors (cosine to the
closest earlier article) and, for texts without a vector, from shared words.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from scanner.config import RankConfig
from scanner.records import Ranked

SIGNALS = ("theme", "novelty", "salience", "money", "key_entities", "authority", "recency")

# money: 100 k€ scores 0, each factor ten adds 0.2, 10 Md€ and more score 1
MONEY_FLOOR_LOG10 = 5.0
MONEY_SPAN_LOG10 = 5.0
# salience: 1 source 0, 2 → 0.33, 4 → 0.67, 8 and more → 1
SALIENCE_FULL = 8
# authority: source weight 1.0 (neutral) gives 0.5, 2.0 and more give 1
AUTHORITY_FULL = 2.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One article of the week with what its story brings, ready to be scored."""

    article_id: str
    story_id: str
    theme: str
    theme_score: float
    novelty: float
    sources: int
    max_eur: float | None = None
    key_entities: tuple[str, ...] = ()
    authority: float = 1.0
    published: date | None = None


def money_signal(eur: float | None) -> float:
    """Largest euro amount on a log scale."""
    if not eur or eur <= 0:
        return 0.0
    return _clip((math.log10(eur) - MONEY_FLOOR_LOG10) / MONEY_SPAN_LOG10)


def salience_signal(sources: int) -> float:
    """Distinct sources covering the story, log scale."""
    if sources <= 1:
        return 0.0
    return _clip(math.log2(sources) / math.log2(SALIENCE_FULL))


def key_entity_signal(names: Sequence[str]) -> float:
    """One key programme or organisation gives half, two or more give all."""
    return _clip(len(names) / 2)


def recency_signal(published: date | None, week_start: date) -> float:
    """Monday 0, Sunday 1; an undated article counts as mid-week."""
    if published is None:
        return 0.5
    return _clip((published - week_start).days / 6)


def signals(c: Candidate, week_start: date) -> dict[str, float]:
    """Each signal of a candidate, in [0, 1]."""
    return {
        "theme": _clip(c.theme_score),
        "novelty": _clip(c.novelty),
        "salience": salience_signal(c.sources),
        "money": money_signal(c.max_eur),
        "key_entities": key_entity_signal(c.key_entities),
        "authority": _clip(c.authority / AUTHORITY_FULL),
        "recency": recency_signal(c.published, week_start),
    }


def score(c: Candidate, cfg: RankConfig, week_start: date) -> Ranked:
    """A candidate's score; `reasons` holds each signal's weighted contribution."""
    sig = signals(c, week_start)
    reasons = {name: round(sig[name] * float(getattr(cfg, name)), 4) for name in SIGNALS}
    return Ranked(article_id=c.article_id, score=round(sum(reasons.values()), 4), reasons=reasons)


def rank(cands: Iterable[Candidate], cfg: RankConfig, week_start: date) -> list[Ranked]:
    """Best article of each story, highest score first (ties: article id, for stable output)."""
    best: dict[str, Ranked] = {}
    for c in cands:
        r = score(c, cfg, week_start)
        key = c.story_id or c.article_id
        held = best.get(key)
        if held is None or (-r.score, r.article_id) < (-held.score, held.article_id):
            best[key] = r
    return sorted(best.values(), key=lambda r: (-r.score, r.article_id))


def key_entities(
    programmes: Iterable[str], organisations: Iterable[str], cfg: RankConfig
) -> tuple[str, ...]:
    """The key programmes and organisations among those named (config spelling, config order)."""
    named = {fold(n) for n in (*programmes, *organisations) if n}
    keys = (*cfg.key_programmes, *cfg.key_organisations)
    return tuple(k for k in keys if fold(k) in named)


def top_reasons(r: Ranked, n: int = 3, floor: float = 0.05) -> list[str]:
    """The signals that weighed most, largest first (those under `floor` are noise)."""
    ordered = sorted(r.reasons.items(), key=lambda kv: (-kv[1], SIGNALS.index(kv[0])))
    return [name for name, value in ordered[:n] if value >= floor]


# ---- novelty: distance of this week's texts to what the previous weeks covered ----

# embeddings (cosine of article vectors, 110-word passages): on the sample corpus, rewrites of
# one story are at 0.84–0.95 and 99 % of pairs of different stories under 0.71; so from
# SEEN_COSINE up a text counts as already covered (novelty 0), from NEW_COSINE down as new
# (novelty 1). Measured again whenever [embed] passages change (`bench/` has no figure for it).
SEEN_COSINE = 0.83
NEW_COSINE = 0.70
# words (Jaccard of content-word sets), when a text has no vector: rewrites share 0.24–0.50
# of their words, different stories rarely more than 0.2
SEEN_JACCARD = 0.4

_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")
STOPWORDS = frozenset(
    """le la les un une des du de d l au aux et ou en dans par pour sur avec sans sous ce cet
    cette ces son sa ses leur leurs qui que quoi dont est sont a ont ete etre plus moins pas ne
    se s il elle ils elles on nous vous je tu y c qu n tout tous toute toutes comme mais donc
    or ni car entre chez apres avant depuis selon ainsi aussi deja tres the of and to in for
    on with by from at is are was be this that an as it its""".split()  # noqa: SIM905
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents, so "Santé" and "sante" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str, limit: int | None = None) -> list[str]:
    """Content words of a text, folded, in order (stop words and 1-letter words dropped);
    with `limit`, the first `limit` of them only (and only as much text is read)."""
    if limit is not None:
        text = text[: limit * 16]  # French content words average well under 16 characters
    # words are ASCII after folding: dropping what does not encode is the fast fold
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore")
    words = [w for w in _WORD.findall(ascii_text.decode()) if len(w) > 1 and w not in STOPWORDS]
    return words[:limit] if limit is not None else words


def novelty(
    current_texts: Mapping[str, str],
    previous_texts: Mapping[str, str],
    current_vectors: Mapping[str, np.ndarray] | None = None,
    previous_vectors: Mapping[str, np.ndarray] | None = None,
) -> dict[str, float]:
    """Each current text's distance to the closest earlier one, in [0, 1] (1 = nothing alike).

    A pair of texts that both have an article vector is compared by cosine (`semantic_novelty`),
    any other pair by shared words (`lexical_novelty`); a text's novelty is the lowest over
    all earlier texts, so an earlier article that was never embedded still counts as seen.
    """
    cur_vec = {i: v for i, v in (current_vectors or {}).items() if i in current_texts}
    prev_vec = {i: v for i, v in (previous_vectors or {}).items() if i in previous_texts}
    out = dict.fromkeys(current_texts, 1.0)
    if cur_vec and prev_vec:
        for i, v in semantic_novelty(cur_vec, prev_vec).items():
            out[i] = min(out[i], v)
    # words for every pair not compared by vectors: unembedded current texts against all
    # earlier ones, embedded current texts against the unembedded earlier ones
    plain_prev = {i: t for i, t in previous_texts.items() if i not in prev_vec}
    plain_cur = {i: t for i, t in current_texts.items() if i not in cur_vec or not prev_vec}
    for i, v in lexical_novelty(plain_cur, previous_texts).items():
        out[i] = min(out[i], v)
    embedded = {i: t for i, t in current_texts.items() if i in cur_vec and prev_vec}
    for i, v in lexical_novelty(embedded, plain_prev).items():
        out[i] = min(out[i], v)
    return out


def semantic_novelty(
    current: Mapping[str, np.ndarray], previous: Mapping[str, np.ndarray]
) -> dict[str, float]:
    """(SEEN_COSINE − max cosine to an earlier vector) / (SEEN_COSINE − NEW_COSINE), clipped.

    Vectors are L2-normalised article vectors (`scanner.vectors.embed.article_vector`).
    """
    ids = list(current)
    if not ids:
        return {}
    if not previous:
        return dict.fromkeys(ids, 1.0)
    a = np.vstack([current[i] for i in ids]).astype(np.float32, copy=False)
    b = np.vstack(list(previous.values())).astype(np.float32, copy=False)
    best = np.full(len(ids), -1.0, dtype=np.float32)
    for lo in range(0, len(b), 4096):  # bounded memory for months of history
        np.maximum(best, (a @ b[lo : lo + 4096].T).max(axis=1), out=best)
    span = SEEN_COSINE - NEW_COSINE
    return {
        i: round(_clip((SEEN_COSINE - float(s)) / span), 4) for i, s in zip(ids, best, strict=True)
    }


def lexical_novelty(
    current: Mapping[str, str],
    previous: Mapping[str, str],
    max_words: int = 150,
    common_share: float = 0.05,
) -> dict[str, float]:
    """1 − (max word-set Jaccard to any earlier text) / SEEN_JACCARD, clipped to [0, 1].

    Explainable on purpose: an item is new when no earlier article shared much of its
    vocabulary. Only the first `max_words` content words count (title and lead carry the
    story). In large sets, words in more than `common_share` of the texts are dropped: they
    say nothing about a story and would make every pair overlap (and the product dense).
    """
    ids = list(current)
    if not ids:
        return {}
    if not previous:
        return dict.fromkeys(ids, 1.0)
    sets = [set(tokens(current[i], max_words)) for i in ids]
    prev_sets = [set(tokens(t, max_words)) for t in previous.values()]
    sims = _max_jaccard(sets, prev_sets, common_share)
    return {i: round(_clip(1.0 - s / SEEN_JACCARD), 4) for i, s in zip(ids, sims, strict=True)}


def _max_jaccard(a: list[set[str]], b: list[set[str]], common_share: float) -> np.ndarray:
    from scipy import sparse

    df: dict[str, int] = {}
    for s in (*a, *b):
        for w in s:
            df[w] = df.get(w, 0) + 1
    n = len(a) + len(b)
    limit = max(common_share * n, 20.0) if n >= 200 else float("inf")
    vocab = {w: i for i, w in enumerate(sorted(w for w, k in df.items() if k <= limit))}

    def matrix(sets: list[set[str]]) -> sparse.csr_matrix:
        rows = [r for r, s in enumerate(sets) for w in s if w in vocab]
        cols = [vocab[w] for s in sets for w in s if w in vocab]
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), len(vocab)))

    ma, mb = matrix(a), matrix(b)
    la = np.asarray(ma.sum(axis=1)).ravel()
    lb = np.asarray(mb.sum(axis=1)).ravel()
    inter = (ma @ mb.T).tocsr()
    rows = np.repeat(np.arange(len(a)), np.diff(inter.indptr))
    union = la[rows] + lb[inter.indices] - inter.data
    jac = np.divide(inter.data, union, out=np.zeros_like(union), where=union > 0)
    best = np.zeros(len(a), dtype=np.float64)
    filled = np.diff(inter.indptr) > 0  # per-row max over the row's slice of the CSR data
    if filled.any():
        best[filled] = np.maximum.reduceat(jac, inter.indptr[:-1][filled])
    return best


def _clip(x: float) -> float:
    return max(0.0, min(1.0, float(x)))
