"""What the models learn from the curators' corrections.

    sync_gazetteers(store, curated_gazetteer_paths(cfg))   names and aliases → extraction
    export_training_data(store, out_dir)                   spaCy DocBin + JSONL

`sync_gazetteers` writes the curators' programme and organisation names and aliases (kept
curated mentions, merged aliases, the names they typed in funding facts) into the watch's `[nlp].curated_dir`, where
`MentionExtractor` loads them on top of the shipped gazetteers, so the next extraction finds
the names it missed. Theme
labels are read by `scanner.themes.scoring.train_theme_model` from the store (`scanner curate retrain`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scanner.config import Config
from scanner.curation.corrections import KEPT
from scanner.store import Store

STATE_NAME = "État"  # a payer that is no organisation to look for
# spaCy entity labels of the exported training data, one per mention kind
LABELS = {
    "programme": "PROGRAMME",
    "amount": "AMOUNT",
    "organisation": "ORG",
    "person": "PER",
    "place": "LOC",
    "date": "DATE",
}
GAZETTEER_KINDS = ("programme", "organisation")


def gazetteer_names(store: Store) -> dict[str, dict[str, set[str]]]:
    """kind → canonical → surface names, from kept curated mentions, confirmed new actors,
    merged aliases and the funding facts curators set (a recipient or payer they typed is an
    organisation the extractor must find next time, a programme they typed a programme)."""
    out: dict[str, dict[str, set[str]]] = {}
    for kind in GAZETTEER_KINDS:
        names = store.curation.curated_names(kind)
        for canonical, surfaces in store.actors.confirmed(kind).items():  # new actors confirmed
            names.setdefault(canonical, set()).update(surfaces)
        for (_, alias), canonical in store.curation.aliases(kind).items():
            names.setdefault(canonical, set()).add(alias)
        out[kind] = names
    for _, m in store.curation.curated_facts():
        f = m.fact
        if f is None:
            continue
        why = f.why()
        typed = {
            "organisation": [f.recipient] * (why.get("recipient") == "curator")
            + list(f.payers) * (why.get("payers") == "curator"),
            "programme": [f.programme] * (why.get("programme") == "curator"),
        }
        for kind, typed_names in typed.items():
            for name in typed_names:
                if name and name != STATE_NAME:
                    out[kind].setdefault(name, set()).add(name)
    return out


def curated_gazetteer_paths(cfg: Config) -> dict[str, Path]:
    """Where `MentionExtractor` looks for this watch's curated names, per kind."""
    from scanner.nlp.gazetteer_files import curated_gazetteer_files

    return curated_gazetteer_files(cfg.nlp)


def sync_gazetteers(store: Store, paths: Mapping[str, Path]) -> list[Path]:
    """Write the curated names of each kind to `paths[kind]` in the shipped gazetteers' JSONL
    format (replacing the file atomically); returns the files written."""
    written = []
    for kind, names in gazetteer_names(store).items():
        if kind not in paths:
            continue
        path = Path(paths[kind])
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for canonical in sorted(names):
            aliases = sorted(a for a in names[canonical] if a and a != canonical)
            entry: dict[str, Any] = {"canonical": canonical, "aliases": aliases}
            entry |= {"parent": None} if kind == "programme" else {"type": "curated"}
            lines.append(json.dumps(entry, ensure_ascii=False) + "\n")
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, path)  # a reader never sees half a file
        written.append(path)
    return written


def training_examples(store: Store) -> list[dict[str, Any]]:
    """Corrected articles: kept curated mentions as entity spans, theme labels, and whether
    every model mention of the article was reviewed (then the spans are the whole truth)."""
    examples = []
    labels = store.themes.labels()
    # articles with curated mentions, and those with theme labels only (textcat data)
    ids = sorted(set(store.curation.curated_article_ids()) | set(labels))
    found = store.articles.many(ids)
    for article_id in ids:
        article = found.get(article_id)
        if article is None:  # removed from the store since: nothing to train on
            continue
        kept = [m for m, status in store.curation.curated_mentions(article_id) if status in KEPT]
        spans = [[m.start, m.end, LABELS[m.kind]] for m in kept if m.kind in LABELS]
        facts = [
            {
                "start": m.start,
                "end": m.end,
                "role": m.fact.role,
                "new": m.fact.new,
                "recipient": m.fact.recipient,
                "payers": list(m.fact.payers),
                "programme": m.fact.programme,
            }
            for m in kept
            if m.fact is not None and "curator" in m.fact.why().values()
        ]
        statuses = store.mentions.status_of(article_id).values()
        examples.append(
            {
                "id": article_id,
                "text": article.full_text,
                "entities": spans,
                "facts": facts,  # amounts whose funding fact a curator set
                "themes": labels.get(article_id, {}),
                "reviewed": "auto" not in statuses,
            }
        )
    return examples


def export_training_data(store: Store, out_dir: str | Path) -> tuple[Path, Path, int]:
    """Write `corrections.spacy` (a DocBin) and `corrections.jsonl`; returns paths and count."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("fr")  # tokenizer only: spans are what the curators marked
    docbin = DocBin(store_user_data=True)
    examples = training_examples(store)
    jsonl = out / "corrections.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for ex in examples:
            doc = nlp.make_doc(ex["text"])
            spans = [
                doc.char_span(s, e, label=label, alignment_mode="expand")
                for s, e, label in ex["entities"]
            ]
            # an article with unreviewed model mentions is only partly annotated: tokens
            # outside the curated spans are unknown to the trainer, not "no entity"
            outside = "outside" if ex["reviewed"] else "missing"
            doc.set_ents(filter_spans([s for s in spans if s is not None]), default=outside)
            doc.user_data["id"] = ex["id"]
            doc.cats = {t: float(v) for t, v in ex["themes"].items()}
            docbin.add(doc)
            f.write(json.dumps(ex, ensure_ascii=False) + "\n")
    spacy_path = out / "corrections.spacy"
    docbin.to_disk(spacy_path)
    return spacy_path, jsonl, len(examples)
