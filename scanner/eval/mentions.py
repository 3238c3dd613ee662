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
from scanner.eval.boundaries import relaxed_counts
from scanner.eval.corpus import GoldItem, GoldMention, load_gold, load_items, load_sample
from scanner.eval.facts import FactScores, format_facts, item_names, score_fact
from scanner.eval.metrics import PRF, normalise
from scanner.nlp.gazetteer import Gazetteer
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
    # kind -> "in_gazetteer" / "not_in_gazetteer" -> counts (a gold mention is in the
    # gazetteer when the shipped gazetteer lists its name or canonical; a spurious one when
    # it lists what was found)
    listed: dict[str, dict[str, PRF]] = field(default_factory=dict)
    by_lang: dict[str, dict[str, PRF]] = field(default_factory=dict)  # kind -> lang -> counts
    # kind -> (entities named one way, entities mentioned twice or more and found each time)
    one_canonical: dict[str, tuple[int, int]] = field(default_factory=dict)
    # kind -> counts with boundary-tolerant matching (`scanner.eval.boundaries`)
    relaxed: dict[str, PRF] = field(default_factory=dict)

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
        for kind, sides in self.listed.items():
            for side, c in sides.items():
                out |= {f"{kind}.{side}.precision": c.precision, f"{kind}.{side}.recall": c.recall}
                out[f"{kind}.{side}.f1"] = c.f1
        for kind, langs in self.by_lang.items():
            for lang, c in langs.items():
                out |= {f"{kind}.{lang}.precision": c.precision, f"{kind}.{lang}.recall": c.recall}
                out[f"{kind}.{lang}.f1"] = c.f1
        for kind, c in self.relaxed.items():
            out |= {f"{kind}.relaxed.precision": c.precision, f"{kind}.relaxed.recall": c.recall}
            out[f"{kind}.relaxed.f1"] = c.f1
        for kind, (same, groups) in self.one_canonical.items():
            if groups:
                out[f"{kind}.one_canonical"] = same / groups
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
    gazetteer: Gazetteer | None = None,
    langs: Mapping[str, str] | None = None,
) -> MentionReport:
    """Score predictions on the gold items they cover; kinds default to those the gold uses.
    With `gazetteer`, programme and organisation figures are also split into names it lists
    and names it does not; with `langs` (item id -> language), per language."""
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
    listed: dict[str, dict[str, list[int]]] = {}
    by_lang: dict[str, dict[str, list[int]]] = {}
    entities: dict[tuple[str, str], list[str]] = {}  # gold entity -> predicted canonicals
    for item_id in ids:
        gold_map = {
            (m.kind, normalise(m.text)): m for m in gold[item_id].mentions if m.kind in counts
        }
        pred_map: dict[tuple[str, str], Mention] = {}
        for m in predicted[item_id]:
            if m.kind in counts:
                pred_map.setdefault((m.kind, normalise(m.text)), m)
        lang = (langs or {}).get(item_id, "")
        names = item_names(gold[item_id].mentions, predicted[item_id])
        for kind in CANONICAL_KINDS:
            if kind in counts:
                one = relaxed_counts(
                    kind,
                    [m.text for m in gold[item_id].mentions if m.kind == kind],
                    [m.text for m in predicted[item_id] if m.kind == kind],
                )
                report.relaxed[kind] = report.relaxed.get(kind, PRF(0, 0, 0)) + one
        for key in gold_map.keys() | pred_map.keys():
            kind = key[0]
            if key in gold_map and key in pred_map:
                slot = 0
                _check_match(gold_map[key], pred_map[key], item_id, canon, values, report)
                score_fact(report.facts, item_id, gold_map[key], pred_map[key], names)
                if kind in CANONICAL_KINDS:
                    g = gold_map[key]
                    entity = entities.setdefault((kind, _canonical_key(g.canonical or g.text)), [])
                    entity.append(" ".join(pred_map[key].canonical.split()))  # as shown
            elif key in pred_map:
                slot = 1
                report.false_positives.setdefault(kind, []).append((item_id, pred_map[key].text))
            else:
                slot = 2
                report.false_negatives.setdefault(kind, []).append((item_id, gold_map[key].text))
                score_fact(report.facts, item_id, gold_map[key], None, names)
            counts[kind][slot] += 1
            if kind in CANONICAL_KINDS and gazetteer is not None:
                named: GoldMention | Mention = gold_map.get(key) or pred_map[key]
                side = "in_gazetteer" if _listed(gazetteer, kind, named) else "not_in_gazetteer"
                listed.setdefault(kind, {}).setdefault(side, [0, 0, 0])[slot] += 1
            if kind in CANONICAL_KINDS and lang:
                by_lang.setdefault(kind, {}).setdefault(lang, [0, 0, 0])[slot] += 1
    report.kinds = {k: PRF(*c) for k, c in counts.items()}
    report.listed = {k: {side: PRF(*c) for side, c in sorted(v.items())} for k, v in listed.items()}
    report.by_lang = {k: {lg: PRF(*c) for lg, c in sorted(v.items())} for k, v in by_lang.items()}
    for kind in CANONICAL_KINDS:
        groups = [names for (k, _), names in entities.items() if k == kind and len(names) >= 2]
        if groups:
            same = sum(1 for names in groups if len(set(names)) == 1)
            report.one_canonical[kind] = (same, len(groups))
    report.canonical = {k: (v[0], v[1]) for k, v in canon.items()}
    report.amount_values = (values[0], values[1])
    return report


def _listed(gazetteer: Gazetteer, kind: str, m: GoldMention | Mention) -> bool:
    """Whether the shipped gazetteer knows this name (its text or its canonical)."""
    return any(
        name and (gazetteer.lookup(name, kind) is not None or gazetteer.entry(kind, name))
        for name in (m.text, m.canonical)
    )


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
    from scanner.nlp.spacy_pipeline import load_spacy

    nlp = nlp if nlp is not None else load_spacy(model)
    ids = list(items)
    predicted: dict[str, list[Mention]] = {}
    from scanner.nlp.spacy_pipeline import not_ner

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

    if not with_curated:
        cfg = replace(cfg, curated_dir="")
    with MentionExtractor(cfg, base_dir) as extractor:
        report = score_extractor(extractor, corpora_dir)
        gold, items = load_gold(corpora_dir), load_items(corpora_dir)
        texts = {i: items[i] for i in items if i in gold}
        baseline = baseline_spacy_orgs(texts, gold, cfg.model, extractor.nlp)
    return report, baseline


def score_extractor(extractor: Any, corpora_dir: Path | str) -> MentionReport:
    """The mention figures of an extractor on a gold folder: every item extracted in one
    batch (one canonical per unlisted name across the corpus, as across a watch's store),
    split by gazetteer membership (the extractor's gazetteer) and by language."""
    gold = load_gold(corpora_dir)
    articles = [a for a in load_sample(corpora_dir) if a.id in gold]
    # each text with its publication date, which the funding facts read
    found = extractor.extract([a.full_text for a in articles], [a.published for a in articles])
    predicted = {a.id: ms for a, ms in zip(articles, found, strict=True)}
    langs = {a.id: a.lang for a in articles if a.lang}
    return evaluate_mentions(gold, predicted, gazetteer=extractor.gazetteer, langs=langs)


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
    for kind, sides in report.listed.items():
        for side, c in sides.items():
            lines.append(
                f"{kind} {side.replace('_', ' ')}: P {c.precision:.3f} R {c.recall:.3f} "
                f"F1 {c.f1:.3f} (tp {c.tp}, fp {c.fp}, fn {c.fn})"
            )
    for kind, langs in report.by_lang.items():
        for lang, c in langs.items():
            lines.append(f"{kind} [{lang}]: P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}")
    for kind, c in report.relaxed.items():
        lines.append(
            f"{kind} [boundary-tolerant]: P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}"
        )
    for kind, (same, groups) in report.one_canonical.items():
        lines.append(f"one canonical per {kind} named twice or more: {same}/{groups}")
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
