"""Loading and running the learnt span model beside the rules.

    model = load_span_model(Path("models/spans"), nlp)   # None, with a warning, when the
                                                         # artefact is missing or corrupt
    for doc, learnt in model.annotate(docs): ...         # (start, end, label) per doc

The artefact is the fine-tuned NER component alone (`ner/`), `component.cfg` (its factory and
architecture) and `manifest.json` (what it was trained on, the SHA-256 of each file, the base
model and its version). It is built on the loaded pipeline's own vocabulary, so it reads the
installed fr_core_news_md vectors; a manifest naming another base model or version, a file
whose checksum differs, or weights that do not load leave the rules alone, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.nlp.matmul import use_numpy_matmul

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
COMPONENT_CONFIG = "component.json"
WEIGHTS = "ner"
LearntSpan = tuple[int, int, str]  # start, end, label ("ORG" or "PROG"), in doc offsets
_STASH = "scanner_base_ents"


def file_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of the artefact but the manifest, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


@dataclass(slots=True)
class SpanModel:
    """The learnt NER component, built on a loaded pipeline's vocabulary."""

    component: Any
    manifest: dict

    def annotate(self, docs: Iterable[Any], batch_size: int = 32) -> Iterator[tuple[Any, list]]:
        """(doc, learnt spans) for each doc, in order; each doc keeps the entities it came
        with (the learnt component reads a copy of their absence and the originals come back)."""
        stashed = (self._stash(doc) for doc in docs)
        for doc in self.component.pipe(stashed, batch_size=batch_size):
            learnt = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            doc.ents = doc.user_data.pop(_STASH)
            yield doc, learnt

    @staticmethod
    def _stash(doc: Any) -> Any:
        doc.user_data[_STASH] = list(doc.ents)
        doc.ents = []
        return doc


def base_model_id(nlp: Any) -> str:
    """`fr_core_news_md-3.8.0`: the base pipeline's name and version."""
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"


def load_span_model(folder: Path, nlp: Any) -> SpanModel | None:
    """The span model in `folder` on `nlp`'s vocabulary; None, with a logged warning saying
    why, when it is missing, corrupt or made for another base model (the rules then work
    alone)."""
    try:
        return _load(folder, nlp)
    except Exception as exc:  # any damage to the artefact: the rules still run
        log.warning(
            "span model %s not used (%s): organisations and programmes by the rules only",
            folder,
            exc,
        )
        return None


def _load(folder: Path, nlp: Any) -> SpanModel:
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise FileNotFoundError(f"no {MANIFEST}; train it with `scanner spans train`")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("base") != base_model_id(nlp):
        raise ValueError(
            f"trained on {manifest.get('base')}, the loaded model is {base_model_id(nlp)}"
        )
    want = manifest.get("sha256") or {}
    have = file_digests(folder)
    if not want or want != have:
        changed = sorted(k for k in want.keys() | have.keys() if want.get(k) != have.get(k))
        raise ValueError(f"checksum mismatch: {', '.join(changed) or 'no checksums'}")
    settings = json.loads((folder / COMPONENT_CONFIG).read_text(encoding="utf-8"))
    factory = settings.pop("factory")
    component = nlp.create_pipe(factory, name="learnt_spans", config=settings)
    component.from_disk(folder / WEIGHTS, exclude=["vocab"])
    use_numpy_matmul(component.model)
    return SpanModel(component, manifest)
