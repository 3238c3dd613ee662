"""Mention quality against the gold annotations (`scanner eval --only mentions`).

Per kind, precision/recall/F1 compare per-item sets of (kind, normalised surface text); the
normalisation ignores case, accents, spacing, quotes and a leading article ("l'Inserm" =
"Inserm"). On matched programme and organisation mentions the canonical name is checked, and on
matched amounts the euro value (within 0.5%), and on annotated amounts the funding fact
(`scanner.eval.facts`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scanner.config import NlpConfig
from scanner.eval.corpus import GoldItem, GoldMention, load_dates, load_gold, load_items
from scanner.eval.facts import FactScores, format_facts, score_fact
from scanner.eval.metrics import PRF, normalise
from scanner.records import Mention

SCORED_KINDS = ("programme", "organisation", "amount", "person", "place", "date")
CANONICAL_KINDS = ("programme", "organisation")
VALUE_TOLERANCE = 0.005
MAX_LISTED = 8  # failing cases listed per kind in the report


@dataclass(slots=True)
class MentionReport:
    """Scores per kind, canonical accuracy, amount value accuracy and error examples."""

    kinds: dict[str, PRF]  # kind -> counts
    canonical: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (right, seen)
    amount_values: tuple[int, int] = (0, 0)  # (right, compared)
    n_items: int = 0
    false_positives: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    false_negatives: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    wrong_canonical: list[tuple[str, str, str, str]] = field(default_factory=list)
    wrong_values: list[tuple[str, str, float, float | None]] = field(default_factory=list)
    label: str = "scanner"
    baseline: MentionReport | None = None  # spaCy's ORG entities alone, shown beside
    facts: FactScores = field(default_factory=FactScores)

    def format_report(self, baseline: MentionReport | None = None) -> str:
        return format_report(self, baseline or self.baseline)

    def figures(self) -> dict[str, float]:
        """Named figures (`organisation.f1`, `amount.values`…) for the eval gate and `--json`."""
        out: dict[str, float] = {}
        for kind, s in self.kinds.items():
            out |= {f"{kind}.precision": s.precision, f"{kind}.recall": s.recall}
            out[f"{kind}.f1"] = s.f1
        for kind, (right, seen) in self.canonical.items():
            if seen:
                out[f"{kind}.canonical"] = right / seen
        right, seen = self.amount_values
        if seen:
            out["amount.values"] = right / seen
        if self.baseline is not None and "organisation" in self.baseline.kinds:
            out["baseline.organisation.f1"] = self.baseline.kinds["organisation"].f1
        return out | self.facts.figures()


def _canonical_key(name: str) -> str:
    return normalise(name)


def evaluate_mentions(
    gold: Mapping[str, GoldItem],
    predicted: Mapping[str, Sequence[Mention]],
    kinds: Sequence[str] | None = None,
    label: str = "scanner",
) -> MentionReport:
    """Score predictions on the gold items they cover; kinds default to those the gold uses."""
    ids = [i for i in gold if i in predicted]
    scored = (
        list(kinds)
        if kinds is not None
        else [k for k in SCORED_KINDS if any(m.kind == k for i in ids for m in gold[i].mentions)]
    )
    counts = {k: [0, 0, 0] for k in scored}
    report = MentionReport(kinds={}, n_items=len(ids), label=label)
    canon = {k: [0, 0] for k in CANONICAL_KINDS if k in scored}
    values = [0, 0]
    for item_id in ids:
        gold_map = {
            (m.kind, normalise(m.text)): m for m in gold[item_id].mentions if m.kind in counts
        }
        pred_map: dict[tuple[str, str], Mention] = {}
        for m in predicted[item_id]:
            if m.kind in counts:
                pred_map.setdefault((m.kind, normalise(m.text)), m)
        for key in gold_map.keys() | pred_map.keys():
            kind = key[0]
            if key in gold_map and key in pred_map:
                counts[kind][0] += 1
                _check_match(gold_map[key], pred_map[key], item_id, canon, values, report)
                score_fact(report.facts, item_id, gold_map[key], pred_map[key])
            elif key in pred_map:
                counts[kind][1] += 1
                report.false_positives.setdefault(kind, []).append((item_id, pred_map[key].text))
            else:
                counts[kind][2] += 1
                report.false_negatives.setdefault(kind, []).append((item_id, gold_map[key].text))
                score_fact(report.facts, item_id, gold_map[key], None)
    report.kinds = {k: PRF(*c) for k, c in counts.items()}
    report.canonical = {k: (v[0], v[1]) for k, v in canon.items()}
    report.amount_values = (values[0], values[1])
    return report


def _check_match(
    g: GoldMention,
    p: Mention,
    item_id: str,
    canon: dict[str, list[int]],
    values: list[int],
    report: MentionReport,
) -> None:
    if g.kind in canon and g.canonical:
        canon[g.kind][1] += 1
        if _canonical_key(g.canonical) == _canonical_key(p.canonical):
            canon[g.kind][0] += 1
        else:
            report.wrong_canonical.append((item_id, g.text, g.canonical, p.canonical))
    if g.kind == "amount" and g.value_eur is not None:
        values[1] += 1
        if p.value_eur is not None and abs(p.value_eur - g.value_eur) <= VALUE_TOLERANCE * abs(
            g.value_eur
        ):
            values[0] += 1
        else:
            report.wrong_values.append((item_id, g.text, g.value_eur, p.value_eur))


def baseline_spacy_orgs(
    items: Mapping[str, str],
    gold: Mapping[str, GoldItem],
    model: str = "fr_core_news_md",
    nlp: Any | None = None,
) -> MentionReport:
    """The same organisation figures for spaCy's ORG entities alone (no gazetteer, no rules);
    `nlp` reuses a loaded pipeline of that model."""
    from scanner.nlp.mentions import load_spacy

    nlp = nlp if nlp is not None else load_spacy(model)
    ids = list(items)
    predicted: dict[str, list[Mention]] = {}
    from scanner.nlp.mentions import not_ner

    docs = nlp.pipe((items[i] for i in ids), disable=not_ner(nlp))
    for item_id, doc in zip(ids, docs, strict=True):
        predicted[item_id] = [
            Mention("organisation", e.start_char, e.end_char, e.text, e.text, origin="model")
            for e in doc.ents
            if e.label_ == "ORG"
        ]
    return evaluate_mentions(gold, predicted, kinds=["organisation"], label=f"spaCy {model} ORG")


def evaluate_corpus(
    cfg: NlpConfig,
    corpora_dir: Path | str,
    base_dir: Path = Path("."),
    with_curated: bool = False,
) -> tuple[MentionReport, MentionReport]:
    """The mention stage and the spaCy-only baseline scored on the gold items of
    `corpora_dir` (`scanner eval --only mentions`). The watch's curated names are left out
    unless `with_curated`: a curator's work on gold items would inflate the figures."""
    from scanner.nlp.mentions import MentionExtractor

    gold = load_gold(corpora_dir)
    items = load_items(corpora_dir)
    ids = [i for i in items if i in gold]
    if not with_curated:
        cfg = replace(cfg, curated_dir="")
    with MentionExtractor(cfg, base_dir) as extractor:
        predicted = predict_corpus(extractor, corpora_dir)
        report = evaluate_mentions(gold, predicted)
        texts = {i: items[i] for i in ids}
        baseline = baseline_spacy_orgs(texts, gold, cfg.model, extractor.nlp)
    return report, baseline


def predict_corpus(extractor: Any, corpora_dir: Path | str) -> dict[str, list[Mention]]:
    """The extractor's mentions for every gold item of a corpus folder, each text with its
    publication date (which the funding facts read)."""
    gold = load_gold(corpora_dir)
    items = load_items(corpora_dir)
    dates = load_dates(corpora_dir)
    ids = [i for i in items if i in gold]
    found = extractor.extract([items[i] for i in ids], [dates.get(i) for i in ids])
    return dict(zip(ids, found, strict=True))


def format_report(report: MentionReport, baseline: MentionReport | None = None) -> str:
    """A plain-text table: P/R/F1 per kind, canonical and value accuracy, the baseline."""
    lines = [
        f"Mentions on {report.n_items} gold items ({report.label})",
        f"{'kind':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}",
    ]
    rows = [(report.label, report)] + ([(baseline.label, baseline)] if baseline else [])
    for name, rep in rows:
        if rep is not report:
            lines.append(f"baseline: {name}")
        for kind, s in rep.kinds.items():
            lines.append(
                f"{kind:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                f"{s.tp:>6}{s.fp:>6}{s.fn:>6}"
            )
    for kind, (right, seen) in report.canonical.items():
        share = right / seen if seen else 0.0
        lines.append(f"canonical {kind}: {right}/{seen} = {share:.3f}")
    right, seen = report.amount_values
    lines.append(f"amount values within 0.5%: {right}/{seen} = {(right / seen if seen else 0):.3f}")
    if baseline is not None and "organisation" in report.kinds and baseline.kinds:
        gain = report.kinds["organisation"].f1 - baseline.kinds["organisation"].f1
        lines.append(f"organisation F1 gain over baseline: {gain:+.3f}")
    lines += format_facts(report.facts)
    lines += _failures(report)
    return "\n".join(lines)


def _failures(report: MentionReport, limit: int = MAX_LISTED) -> list[str]:
    """The cases that still fail, a few per kind: what an annotator or a developer reads next."""
    lines = []
    for title, cases in (("missed", report.false_negatives), ("spurious", report.false_positives)):
        for kind, found in sorted(cases.items()):
            shown = "; ".join(f"{i}: {t}" for i, t in found[:limit])
            more = f" (+{len(found) - limit})" if len(found) > limit else ""
            lines.append(f"{title} {kind}: {shown}{more}")
    for item_id, text, want, got in report.wrong_canonical[:limit]:
        lines.append(f"wrong canonical: {item_id}: {text!r} -> {got!r}, gold {want!r}")
    for item_id, text, value, got_value in report.wrong_values[:limit]:
        lines.append(f"wrong value: {item_id}: {text!r} -> {got_value}, gold {value}")
    return lines
