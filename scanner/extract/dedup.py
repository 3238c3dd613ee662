"""Identity of articles and stories: ids, content hashes, near-duplicates.

    exact duplicate   same id, canonical URL or content hash → not stored again; the new
                      source is linked to the stored article
    near-duplicate    a syndicated or lightly rewritten copy (stems Jaccard ≥ threshold,
                      published within a few days) → stored, sharing the story's `story_id`

Near-duplicates are found with MinHash signatures (datasketch) over the set of word stems of
title + text, indexed by LSH bands in the store; candidates are then checked with the exact
Jaccard similarity, so the estimate's noise never decides alone. An article that matches
articles of several stories merges those stories into one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import numpy as np

from scanner.config import DedupConfig
from scanner.records import Article

if TYPE_CHECKING:
    from scanner.store import Store

_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
STEM_CHARS = 5  # "biomédicaments" and "biomédicament" share a stem: a crude French stemmer
NUM_PERM = 128
ROWS = 2  # 64 bands of 2 rows: a pair at Jaccard 0.27 shares a band with probability ≈ 0.99
SEED = 20261
SCHEME = "affine32"  # datasketch ≥ 2: uint32 hash values, collision-free permutations
MARGIN = 0.10  # candidates whose estimate is this far below the threshold are still verified
VERIFY = 8  # at most this many candidates are verified exactly

# Function words of French and English (accents folded): they say nothing about the story.
_FUNCTION_WORDS = """
    les des une aux par pour dans sur avec sans sous chez entre vers contre depuis pendant
    avant apres selon lors dont mais donc car que qui quoi quel quelle quels quelles
    est sont etait etaient sera seront ete etre avoir ont avait avaient aura auront fait
    faire peut peuvent doit doivent plus moins tres bien aussi ainsi encore deja tout tous
    toute toutes autre autres meme memes cette ces ses leur leurs notre nos votre vos son
    elle elles ils nous vous lui eux celui celle ceux celles ici comme quand alors puis
    the and for with from that this these those are was were been being have has had
    will would can could should into onto over under about after before than then them
    they their there which what when where who whom whose also such not but its our your
"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())


def normalise_text(text: str) -> str:
    """Text folded for comparison: NFKC, casefolded, whitespace collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(title: str, text: str) -> str:
    """Hash of an article's normalised body (the title may differ on a syndicated copy)."""
    del title  # a syndicated copy often retitles; the body decides
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()


def article_id_for_url(url: str) -> str:
    """A short stable id for an article found at a canonical URL."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _fold(text: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def stems(text: str) -> set[str]:
    """The distinct content-word stems of a text (accents folded, function words dropped)."""
    return {
        w[:STEM_CHARS] for w in _WORDS.findall(_fold(text)) if len(w) > 2 and w not in STOPWORDS
    }


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(words: set[str], min_words: int = 20) -> bytes | None:
    """A MinHash signature of a stem set (uint32 values), or None below `min_words` stems."""
    if len(words) < min_words:
        return None
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME)
    m.update_batch([w.encode("utf-8") for w in sorted(words)])
    # affine32 hash values are 32-bit: four bytes each is lossless
    return m.hashvalues.astype("<u4").tobytes()


def _values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u4")


def band_hashes(sig: bytes) -> list[int]:
    """One signed 64-bit hash per LSH band (the band number is mixed in)."""
    out = []
    for band, start in enumerate(range(0, NUM_PERM * 4, ROWS * 4)):
        digest = hashlib.blake2b(
            sig[start : start + ROWS * 4], digest_size=8, person=b"band%04d" % band
        )
        out.append(int.from_bytes(digest.digest(), "little", signed=True))
    return out


def estimate(a: bytes, b: bytes) -> float:
    """The Jaccard similarity two signatures estimate."""
    va, vb = _values(a), _values(b)
    return float(np.mean(va == vb)) if len(va) == len(vb) else 0.0


Outcome = Literal["new", "duplicate", "near_duplicate"]


@dataclass(frozen=True, slots=True)
class StoreOutcome:
    """What storing an article gave: `article_id` is the stored (or already stored) article."""

    status: Outcome
    article_id: str
    story_id: str
    similarity: float = 0.0


def store_article(
    store: Store,
    article: Article,
    signature_bytes: bytes | None = None,
    policy: DedupConfig | None = None,
) -> StoreOutcome:
    """Store an article in its own transaction: new, exact duplicate, or near-duplicate.

    `signature_bytes` may be precomputed (the crawl computes it in its extraction workers);
    it is computed here otherwise.
    """
    policy = policy or DedupConfig()
    words = stems(f"{article.title}\n{article.text}")
    sig = signature_bytes
    if sig is None:
        sig = signature(words, policy.min_words)
    with store.db.transaction():
        existing = store.articles.find_duplicate(article)
        if existing is not None:
            store.articles.add(article)  # links the new source to the stored article
            return StoreOutcome("duplicate", existing, store.articles.get(existing).story_id, 1.0)
        match = _near_match(store, article, words, sig, policy) if sig else None
        story = match[0] if match else article.id
        store.articles.add(replace(article, story_id=story))
        if sig:
            store.articles.save_signature(article.id, sig)
            store.crawl.save_bands(article.id, band_hashes(sig))
        if match:
            store.crawl.merge_stories(story, match[2])
            return StoreOutcome("near_duplicate", article.id, story, match[1])
    return StoreOutcome("new", article.id, story)


def _near_match(
    store: Store, article: Article, words: set[str], sig: bytes, policy: DedupConfig
) -> tuple[str, float, set[str]] | None:
    """(story to join, similarity, every matched story) or None."""
    candidates = store.crawl.band_candidates(
        band_hashes(sig), article.published, policy.window_days
    )
    scored = sorted(
        ((estimate(sig, other), aid, story) for aid, story, other in candidates),
        reverse=True,
    )
    close = [c for c in scored if c[0] >= policy.threshold - MARGIN][:VERIFY]
    if not close:
        return None
    stored = store.articles.many([aid for _, aid, _ in close])
    matched = []
    for _, aid, story in close:
        other = stored.get(aid)
        if other is None:
            continue
        similarity = jaccard(words, stems(f"{other.title}\n{other.text}"))
        if similarity >= policy.threshold:
            matched.append((similarity, story or aid))
    if not matched:
        return None
    best, story = max(matched)
    return story, best, {s for _, s in matched}
