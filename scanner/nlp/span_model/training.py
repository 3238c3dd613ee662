"""Training the span model with spaCy's own training API (`spacy.training.initialize.init_nlp`
and `spacy.training.loop.train`), from the config in `training.cfg`: fr_core_news_md's NER,
fine-tuned on the annotated organisations and programmes of the given corpora, with a fixed
seed and a fixed number of steps, so a retraining on the same data gives the same weights.

Only the NER component is saved (`ner/`: its weights, labels and settings); its tok2vec reads
the static vectors of the installed fr_core_news_md package, which are not copied.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scanner.errors import InputError
from scanner.nlp.span_model.examples import LABELS, Alignment, AnnotatedText, training_docs
from scanner.nlp.span_model.spans import (
    COMPONENT_CONFIG,
    MANIFEST,
    WEIGHTS,
    base_model_id,
    file_digests,
)

log = logging.getLogger(__name__)

CONFIG = Path(__file__).with_name("training.cfg")
FORMAT = 1
DEFAULT_STEPS = 600
DEFAULT_SEED = 0
Progress = Callable[[int, int], None]  # (step, steps)
_PROGRESS: ContextVar[tuple[Progress, int] | None] = ContextVar("span_progress", default=None)


@dataclass(slots=True)
class TrainedSpans:
    """A trained NER component (in memory), what it was trained on and how the data aligned."""

    component: Any
    nlp: Any
    alignment: Alignment
    items: int
    docs: int
    steps: int
    seed: int
    base: str  # the base pipeline's name and version ("fr_core_news_md-3.8.0")


def _register() -> None:
    """The config's callbacks: the labels added after the base NER is sourced, the progress
    reported before each update."""
    from spacy.util import registry

    if "scanner.span_labels.v1" in registry.callbacks:
        return

    @registry.callbacks("scanner.span_labels.v1")
    def make_labels() -> Callable[[Any], Any]:
        def add_labels(nlp: Any) -> Any:
            ner = nlp.get_pipe("ner")
            for label in LABELS.values():
                ner.add_label(label)
            return nlp

        return add_labels

    @registry.callbacks("scanner.span_progress.v1")
    def make_progress() -> Callable[[Any, dict], None]:
        def report(nlp: Any, info: dict) -> None:
            current = _PROGRESS.get()
            if current is not None:
                callback, steps = current
                callback(int(info.get("step", 0)), steps)

        return report


def train_spans(
    items: Sequence[AnnotatedText],
    base: str = "fr_core_news_md",
    steps: int = DEFAULT_STEPS,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> TrainedSpans:
    """Fine-tune `base`'s NER on `items` for `steps` updates with `seed`."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train
    from thinc.api import Config

    if not items:
        raise InputError("the span model needs annotated items to train on")
    _register()
    tokenizer = spacy.load(base, exclude=_all_components(base))
    alignment = Alignment()
    docs = training_docs(tokenizer, items, alignment)
    log.info("span model data: %s", alignment.summary())
    config = Config().from_disk(CONFIG, interpolate=False)
    with tempfile.TemporaryDirectory(prefix="scanner-spans-") as tmp:
        train_path = Path(tmp) / "train.spacy"
        DocBin(docs=docs, store_user_data=False).to_disk(train_path)
        dev_path = Path(tmp) / "dev.spacy"
        DocBin(docs=docs[: max(1, len(docs) // 10)]).to_disk(dev_path)
        config = config.merge(
            {
                "paths": {"train": str(train_path), "dev": str(dev_path), "base": base},
                "system": {"seed": seed},
                "training": {
                    "max_steps": steps,
                    "eval_frequency": steps,
                    "before_update": {"@callbacks": "scanner.span_progress.v1"},
                },
            }
        )
        nlp = init_nlp(config)
        token = _PROGRESS.set((progress, steps) if progress is not None else None)
        try:
            quiet = io.StringIO()
            train(nlp, output_path=None, stdout=quiet, stderr=quiet)
        finally:
            _PROGRESS.reset(token)
    return TrainedSpans(
        nlp.get_pipe("ner"),
        nlp,
        alignment,
        len(items),
        len(docs),
        steps,
        seed,
        base_model_id(tokenizer),
    )


def _all_components(base: str) -> list[str]:
    import spacy

    return list(
        spacy.util.get_model_meta(spacy.util.get_package_path(base) / _subdir(base))["components"]
    )


def _subdir(base: str) -> str:
    import spacy

    meta = spacy.util.get_model_meta(spacy.util.get_package_path(base))
    return f"{meta['lang']}_{meta['name']}-{meta['version']}"


def save_spans(
    trained: TrainedSpans, folder: Path, corpora: Sequence[tuple[str, str]], policy: str
) -> dict:
    """Write the component (weights without the vocabulary), its settings and a manifest
    (`corpora`: (folder, digest) pairs it was trained on; `policy`: how its spans join the
    rules') into `folder`, replacing what was there; the manifest is returned."""
    import spacy

    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    trained.component.to_disk(tmp / WEIGHTS, exclude=["vocab"])
    settings = dict(trained.nlp.config["components"]["ner"])
    (tmp / COMPONENT_CONFIG).write_text(json.dumps(settings, indent=2, sort_keys=True) + "\n")
    a = trained.alignment
    manifest = {
        "format": FORMAT,
        "what": "spaCy NER fine-tuned on annotated organisations (ORG) and programmes (PROG)",
        "base": trained.base,
        "labels": list(LABELS.values()),
        "policy": policy,
        "corpora": [{"folder": f, "digest": d} for f, d in corpora],
        "items": trained.items,
        "docs": trained.docs,
        "alignment": {
            "occurrences": a.occurrences,
            "aligned": a.aligned,
            "expanded": a.expanded,
            "unaligned": a.unaligned,
            "not_found": a.not_found,
        },
        "steps": trained.steps,
        "seed": trained.seed,
        "spacy": spacy.__version__,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": file_digests(tmp),
    }
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return manifest


def weights_digest(folder: Path) -> str:
    """One SHA-256 over the artefact's files (what a deterministic retraining reproduces)."""
    return hashlib.sha256(json.dumps(file_digests(folder), sort_keys=True).encode()).hexdigest()
