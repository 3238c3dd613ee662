"""The learnt payer linker: after the rules, a logistic regression scores each organisation of
the article as a payer of each amount (`linking.candidate_rows`) and adds the ones it is sure
of. The rules' payers stay (they are precise where they answer); the model adds what they miss
— investors named a sentence or a paragraph away, an operator named once for a whole call, a
funder in an English release (no parse there) — and says so (`decided_by` payers
"model:payer", or "rule:agent+model:payer").

    linker = load_linker(Path("models/facts"))    # None (rules only, warning logged) when missing
    find_facts(text, mentions, published, parse, linker)

Stored as plain arrays (no pickle) with a manifest (feature names, thresholds, what it was
trained on, SHA-256 of the weights), like the theme and stage models; `scanner facts train`
writes them (`scanner.eval.linker_training`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from scanner.artefacts import save_arrays, vouched_for, write_manifest
from scanner.errors import ScannerError
from scanner.nlp.facts.context import Amount, Article
from scanner.nlp.facts.investors import coordinated_runs
from scanner.nlp.facts.lexicon.words import words
from scanner.nlp.facts.linking import FEATURES, article_clues, candidate_rows
from scanner.nlp.facts.linking_features import MAX_LINKED_AMOUNTS
from scanner.nlp.facts.parties import NO_PAYER
from scanner.records import FundingFact

log = logging.getLogger(__name__)

FORMAT = 1
WEIGHTS = "linker.npz"
MANIFEST = "manifest.json"
# a paragraph's opening company takes money: "Voltiva, qui a levé 5 M€ auprès de …", "Voltiva
# lève 5 M€": within a few words of its name
# (a company buying, signing or investing opens no other round: only verbs of getting money)
_TAKES_AFTER = re.compile(
    r"[^.;:]{0,60}?"
    + words(
        r"lev\w*", r"boucl\w*", r"obt(?:ien|en|in)\w*", r"decroch\w*", r"empoch\w*", r"raise\w*",
        r"secur\w*", r"closed?", r"closes", r"re[cç]oi\w*", r"recev\w*",
    )
)  # fmt: skip
# what may come before a paragraph's opening name: "La medtech lyonnaise ", "- "
_OPENER_PREFIX = re.compile(r"[\s\-–•*]*(?:[a-z][\w'-]*\s+){0,3}")
_OPENING_REACH = 40  # characters from a paragraph's start to its opening name


@dataclass(frozen=True, slots=True)
class PayerModel:
    """A logistic regression over the candidate rows."""

    coef: np.ndarray  # (features,)
    intercept: float

    def proba(self, rows: np.ndarray) -> np.ndarray:
        """The probability that each candidate pays the amount."""
        if len(rows) == 0:
            return np.zeros(0)
        z = np.clip(rows @ self.coef + self.intercept, -30.0, 30.0)
        return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True, slots=True)
class Thresholds:
    """`add`: a candidate at or above it is a payer; `top`: when the rules found no payer,
    the best candidate at or above it is one (tuned inside cross-validation folds)."""

    add: float = 0.5
    top: float = 0.3


def add_payers(
    names: Sequence[str], p: np.ndarray, fact: FundingFact, th: Thresholds
) -> tuple[str, ...]:
    """The payers the model adds to the rules' (in the order of the candidates), never the
    recipient; what the rules found stays."""
    found = [n for n, q in zip(names, p, strict=True) if q >= th.add]
    if not fact.payers and not found and len(p):
        k = int(np.argmax(p))
        if p[k] >= th.top:
            found = [names[k]]
    return tuple(n for n in found if n not in fact.payers and n != fact.recipient)


@dataclass(frozen=True, slots=True)
class FactLinker:
    """The rules' facts, with the payers the model adds (a `facts.extract.Linker`)."""

    payer: PayerModel
    thresholds: Thresholds

    def __call__(
        self, contexts: Sequence[Amount], facts: dict[int, FundingFact], crowded: set[int]
    ) -> dict[int, FundingFact]:
        if not contexts:
            return facts
        clues = article_clues(contexts[0].article, (facts[a.index] for a in contexts))
        out = dict(facts)
        if len(contexts) > MAX_LINKED_AMOUNTS:
            log.info(
                "%d amounts in one article: the payer linker weighs the first %d",
                len(contexts),
                MAX_LINKED_AMOUNTS,
            )
        for a in contexts[:MAX_LINKED_AMOUNTS]:
            f = facts[a.index]
            if a.sentence_index in crowded or f.role in NO_PAYER:
                continue  # a table row, or money no one pays
            if f.why().get("role") == "rule:share_price":
                continue  # the price of one share: its buyers are not named as payers
            if f.role == "cost" and a.tense == "future" and not f.payers:
                continue  # a price announced ("sera facturé 2 900 euros"): its buyers pay it
            names, rows = candidate_rows(a, f, clues)
            found = add_payers(names, self.payer.proba(rows), f, self.thresholds)
            extra = tuple(
                n
                for n in found
                if not other_story(a, f.recipient, n)
                and not claimed_elsewhere(a, f.recipient, n, contexts, facts)
                # "associe le CHU de Lille et Orvalys": partners of the taker, unless one
                # funds by trade ("Le FEI et Bpifrance sont nos souscripteurs")
                and not (
                    f.recipient
                    and not a.article.is_funder(n)
                    and _listed_together(a, f.recipient, n)
                )
            )
            if f.why().get("new") == "rule:restated_envelope":
                # "… de Bpifrance dans le cadre de France 2030, plan de 54 Md€": an envelope
                # recalled is paid by who its own words name after it ("doté de 8 M€ par X")
                extra = tuple(n for n in extra if _named_after(a, n))
            if not found:
                continue
            why = f.why().get("payers", "")
            rule = "model:payer" if not f.payers else f"{why}+model:payer"
            if not extra:
                rule = f"{why}-other_story"  # the model's payers all belong to other stories
            elif len(extra) < len(found):
                rule += "-other_story"
            out[a.index] = replace(
                f,
                payers=f.payers + extra,
                decided_by=f.decided(rule, "payers"),
            )
        return out


def _named_after(a: Amount, name: str) -> bool:
    """Whether the amount's sentence names `name` after the amount."""
    return any(
        (m.canonical or m.text) == name
        for m in (a.article.mentions[i] for i in a.article.indexes(a.mention.end, a.sentence.end))
    )


def claimed_elsewhere(
    a: Amount,
    recipient: str | None,
    name: str,
    contexts: Sequence[Amount],
    facts: Mapping[int, FundingFact],
) -> bool:
    """Whether every sentence naming `name` is one where a rule made it the payer of another
    recipient's money ("27 M€ levés auprès de X par Radiolys. … Sonalys complète le podium avec
    10 M€": X is Radiolys's investor, not Sonalys's); the model's payer is then dropped."""
    if recipient is None:
        return False
    claiming = {
        b.sentence
        for b in contexts
        if b.index != a.index
        and name in (g := facts[b.index]).payers
        and g.recipient is not None
        and not _same_family(g.recipient, recipient)
        and not _listed_together(b, g.recipient, name)
    }
    if not claiming:
        return False
    named = [
        m.start
        for m in a.article.mentions
        if m.kind == "organisation" and (m.canonical or m.text) == name
    ]
    return bool(named) and all(any(at in s for s in claiming) for at in named)


def _listed_together(b: Amount, recipient: str, payer: str) -> bool:
    """Whether the amount's sentence lists its recipient and the payer in one run of names
    ("… the family office Larkspur Holdings and the Bayside Foundation, which committed $30
    million"): a doubtful recipient, no claim on the payer."""
    art = b.article
    for run in coordinated_runs(art, b.sentence):
        for part in _closed_lists(art, run):
            names = {art.mentions[i].canonical or art.mentions[i].text for i in part}
            if recipient in names and payer in names:
                return True
    return False


_LAST_JOIN = re.compile(r"\s*(?:et|and|&|ou|or)\s+(?:[\w'-]+\s+){0,3}$")


def _closed_lists(art: Article, run: list[int]) -> list[list[int]]:
    """A run of names cut after its "et"/"and" item when a comma follows ("A et B, C
    compte …": C opens the clause, it is no third item)."""
    parts: list[list[int]] = [[run[0]]]
    closed = False
    for prev, i in zip(run, run[1:], strict=False):
        gap = art.flat[art.mentions[prev].end : art.mentions[i].start]
        if closed and "," in gap:
            parts.append([i])
            closed = False
            continue
        closed = closed or bool(_LAST_JOIN.match(gap))
        parts[-1].append(i)
    return parts


def _same_family(one: str, other: str) -> bool:
    """Whether two recipients are one body or its own vehicle ("Halcyon Bridge Ventures",
    "Halcyon Bridge Fund III"): the same first word."""
    return one.split()[:1] == other.split()[:1]


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def other_story(a: Amount, recipient: str | None, name: str) -> bool:
    """Whether every mention of `name` sits in another paragraph than the amount's, one that
    opens on another company taking money (a round-up: "Voltiva lève 5 M€ auprès de
    Sofinnova" does not make Sofinnova a payer of the round told in the paragraph before);
    the model's payer is then dropped (`-other_story`)."""
    art = a.article
    own = _paragraph_start(art.text, a.mention.start)
    seen = False
    for m in art.mentions:
        if m.kind != "organisation" or (m.canonical or m.text) != name:
            continue
        seen = True
        start = _paragraph_start(art.text, m.start)
        if start == own or not _opens_on_taker(a, start, recipient or ""):
            return False
    return seen


def _opens_on_taker(a: Amount, start: int, recipient: str) -> bool:
    """Whether the paragraph starting at `start` opens on a company other than the amount's
    recipient, no funder by trade, that takes money."""
    art = a.article
    first = art.indexes(start, start + _OPENING_REACH, ("organisation",))[:1]
    if not first:
        return False
    m = art.mentions[first[0]]
    name = m.canonical or m.text
    if not _OPENER_PREFIX.fullmatch(art.flat, start, m.start):
        return False  # "La société, incubée à l'Institut X, a obtenu": X opens nothing
    if name == recipient or art.is_funder(name):
        return False
    return bool(_TAKES_AFTER.match(art.flat, m.end))


def save_linker(folder: Path, linker: FactLinker, manifest: Mapping[str, object]) -> None:
    """Write the weights, then the manifest that vouches for them (atomically each)."""
    sha = save_arrays(
        folder / WEIGHTS,
        dict(
            payer_coef=linker.payer.coef.astype(np.float64),
            payer_intercept=np.array([linker.payer.intercept], dtype=np.float64),
        ),
    )
    body = {
        **manifest,
        "format": FORMAT,
        "features": list(FEATURES),
        "thresholds": {"add": linker.thresholds.add, "top": linker.thresholds.top},
        "weights_sha256": sha,
    }
    write_manifest(folder / MANIFEST, body)


class LinkerUnusable(ScannerError):
    """The stored linker is missing, corrupt, or built for other features."""


def read_linker(folder: Path) -> FactLinker:
    """The stored linker; LinkerUnusable says why not."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LinkerUnusable(f"no usable fact linker in {folder} ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise LinkerUnusable(f"fact linker manifest in {folder} is not format {FORMAT}")
    if manifest.get("features") != list(FEATURES):
        raise LinkerUnusable(f"fact linker in {folder} was built for other features")
    weights = folder / WEIGHTS
    if not vouched_for(weights, manifest.get("weights_sha256")):
        raise LinkerUnusable(f"fact linker weights {weights} missing or not its manifest's")
    try:
        with np.load(weights, allow_pickle=False) as z:
            coef = np.asarray(z["payer_coef"], dtype=np.float64)
            intercept = float(z["payer_intercept"][0])
        th = manifest.get("thresholds") or {}
        thresholds = Thresholds(float(th["add"]), float(th["top"]))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise LinkerUnusable(f"fact linker in {folder} unreadable ({exc})") from exc
    if coef.shape != (len(FEATURES),) or not np.all(np.isfinite(coef)):
        raise LinkerUnusable(f"fact linker in {folder} does not fit {len(FEATURES)} features")
    return FactLinker(PayerModel(coef, intercept), thresholds)


def load_linker(folder: Path | None) -> FactLinker | None:
    """The stored linker, or None (rules alone) with a logged warning when it is missing or
    unusable; no folder configured means rules alone, silently."""
    if folder is None:
        return None
    try:
        return read_linker(folder)
    except LinkerUnusable as exc:
        log.warning("%s: funding facts from the rules alone", exc)
        return None
