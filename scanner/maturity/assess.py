"""How far along is it: the maturity stage of an on-topic article, with its evidence.

    assessor = load_maturity_assessor(cfg)                  # trains at first use if needed
    assessor.assess(article, passage_vectors, on_topic=True)   # Maturity(stage="clinical", …)
    train_maturity_model(cfg, Path("corpora"))              # gold + stage training sets

The stage is read from the item's main news (labelling convention: models/maturity/CONVENTION.md).
Rules where they are sure: a title naming one stage's decisive event (`scanner.maturity.rules`).
Otherwise a calibrated classifier: a multinomial logistic regression over each stage's cue
words (`[maturity]`, counted in the text, its title and its lead), the article vector and the
word n-grams of the title and lead (`news_text`: the main event's verb and tense), trained on
the labelled sets' `stage` (the gold set and `[maturity].train_sets`), its probabilities
calibrated by a temperature fitted leave-one-set-out. None when the article is off-topic (no
theme: no innovation to place), or when no cue word is found and the classifier is unsure
(under `[maturity].min_confidence`). The trial phase is read from the text for a clinical
stage. Without a trained model (no labelled items here) the cue counts decide alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sklearn

from scanner.config import PROJECT_ROOT, Config, resource_dir
from scanner.errors import InputError
from scanner.eval.corpus import item_article, load_gold, read_jsonl
from scanner.maturity import STAGE_LABELS
from scanner.maturity.cues import StageCues, StageHits, news_text, trial_phase
from scanner.maturity.model import (
    StageClassifier,
    StageModelStale,
    fit_stage_classifier,
    fit_temperature,
    load_stage_model,
    save_stage_model,
)
from scanner.maturity.rules import title_rule
from scanner.records import STAGES, Article, Maturity
from scanner.themes.scoring import gold_folder
from scanner.themes.training import gold_vector_cache
from scanner.vectors.embed import Embedder, article_vector, load_embedder

log = logging.getLogger(__name__)
CUE_VERSION = 2


@dataclass(frozen=True, slots=True)
class StageExample:
    """A labelled item: its article, its gold stage (None: off-topic or not said), its story."""

    article: Article
    stage: str | None
    group: str
    phase: str | None = None
    source: str = ""  # the labelled folder it comes from (leave-one-set-out)


def stage_examples(corpora: Path) -> list[StageExample]:
    """The items of `corpora/sample/` with their gold `stage` from `corpora/gold/`."""
    gold = load_gold(corpora)
    out = []
    for path, number, data in read_jsonl(Path(corpora) / "sample", "items_*.jsonl"):
        item = gold.get(str(data["id"]))
        if item is None:
            continue
        if item.stage is not None and item.stage not in STAGES:
            raise InputError(f"{path}:{number}: unknown stage {item.stage!r} in the gold set")
        if not isinstance(data.get("text"), str):
            raise InputError(f"{path}:{number}: item {data['id']} has no text")
        group = str(data.get("story") or item.id)
        out.append(
            StageExample(item_article(data), item.stage, group, item.phase, Path(corpora).name)
        )
    return out


def stage_train_folders(cfg: Config) -> list[Path]:
    """The stage training sets (`[maturity].train_sets`) that exist here."""
    out = []
    for name in cfg.maturity.train_sets:
        folder = resource_dir(name) / name
        if folder.is_dir():
            out.append(folder)
        else:
            log.info("stage training set %s not found, skipped", name)
    return out


def labelled_stages(cfg: Config, corpora: Path | None = None) -> list[StageExample]:
    """Every staged item the model trains on: the gold set's and the stage training sets'."""
    out = stage_examples(corpora or gold_folder(cfg))
    for folder in stage_train_folders(cfg):
        out.extend(stage_examples(folder))
    return [e for e in out if e.stage is not None]


def labelled_digest(examples: Sequence[StageExample]) -> str:
    blob = sorted((e.article.id, e.article.content_hash, e.stage) for e in examples)
    return hashlib.sha256(json.dumps(blob).encode()).hexdigest()[:16]


def cue_digest(cfg: Config) -> str:
    m = cfg.maturity
    blob = [
        CUE_VERSION,
        m.title_weight,
        [getattr(m, s) for s in STAGES],
        cfg.embed.chunk_words,
        m.vector_weight,
        m.wording_weight,
        m.lead_words,
        m.classifier_c,
    ]
    return hashlib.sha256(json.dumps(blob).encode()).hexdigest()[:16]


def model_dirs(cfg: Config) -> tuple[Path, Path]:
    """The watch's own model folder first, then the project's shipped one."""
    own = Path(cfg.maturity.model_dir)
    return (own, own) if own.is_absolute() else (own, PROJECT_ROOT / own)


class MaturityAssessor:
    """Cue words and the stage classifier; `assess` gives one article's Maturity."""

    def __init__(
        self, cfg: Config, embedder: Embedder, classifier: StageClassifier | None = None
    ) -> None:
        self.cfg = cfg
        self.embedder = embedder
        self.cues = StageCues.of(cfg.maturity)
        self.classifier = classifier
        self.manifest: dict[str, object] = {}

    def expected_manifest(self) -> dict[str, object]:
        return {
            "embedding_model": self.embedder.model_name,
            "dim": int(self.embedder.dim),
            "cue_digest": cue_digest(self.cfg),
            "n_features": len(STAGES) + int(self.embedder.dim),
        }

    def features(
        self, article: Article, passage_vectors: np.ndarray
    ) -> tuple[np.ndarray, str, StageHits]:
        """The classifier's input (cue counts, then the weighted article vector; the main
        news' text) and the cues found."""
        m = self.cfg.maturity
        hits = self.cues.find(article)
        chunks = np.atleast_2d(np.asarray(passage_vectors, dtype=np.float32))
        row = np.concatenate(
            [hits.vector(m.title_weight), article_vector(chunks) * m.vector_weight]
        )
        return row, news_text(article, m.lead_words), hits

    def probabilities(self, row: np.ndarray, news: str, hits: StageHits) -> np.ndarray:
        """One probability per stage: the classifier's, or the cue counts' share without one."""
        if self.classifier is not None:
            return np.asarray(self.classifier.predict_proba(row, [news])[0])
        counts = hits.vector(self.cfg.maturity.title_weight)
        total = counts.sum()
        return counts / total if total > 0 else np.zeros(len(STAGES))

    def assess(self, article: Article, passage_vectors: np.ndarray, on_topic: bool) -> Maturity:
        """The article's stage, phase, confidence and evidence."""
        if not on_topic:
            return Maturity(article.id, None, evidence=("hors sujet : pas de stade",))
        row, news, hits = self.features(article, passage_vectors)
        rule = title_rule(article.title)
        if rule is not None:
            stage = rule.stage
            confidence = 1.0
            evidence = [f"stade : {STAGE_LABELS[stage]} (règle : le titre dit « {rule.words} »)"]
        else:
            probs = self.probabilities(row, news, hits)
            best = int(np.argmax(probs))
            confidence = round(float(probs[best]), 4)
            if not hits.any and confidence < self.cfg.maturity.min_confidence:
                return Maturity(
                    article.id,
                    None,
                    None,
                    confidence,
                    ("le texte ne dit pas où en est l'innovation",),
                )
            stage = STAGES[best]
            evidence = [f"stade : {STAGE_LABELS[stage]} ({confidence:.2f})".replace(".", ",")]
        phase = trial_phase(article.full_text) if stage == "clinical" else None
        words = hits.words(stage)
        if words:
            evidence.append("indices : " + ", ".join(words))
        if rule is None and self.classifier is not None:
            said = self.classifier.news_words(news, STAGES.index(stage))
            if said:
                evidence.append("mots de la nouvelle : " + ", ".join(said))
        if phase:
            evidence.append(f"phase {phase}")
        return Maturity(article.id, stage, phase, confidence, tuple(evidence))


def train_maturity_model(
    cfg: Config, corpora: Path | None = None, embedder: Embedder | None = None
) -> str:
    """Fit the stage classifier on the labelled stages and write it under
    `[maturity].model_dir`; says what it was trained on."""
    embedder = embedder or load_embedder(cfg.embed)
    assessor = MaturityAssessor(cfg, embedder)
    examples = labelled_stages(cfg, corpora)
    if not examples:
        raise InputError("no item with a gold stage to train the stage model on")
    model = fit_examples(assessor, examples)
    counts = {s: sum(e.stage == s for e in examples) for s in STAGES}
    manifest = {
        **assessor.expected_manifest(),
        "labelled_digest": labelled_digest(examples),
        "trained_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "sklearn": sklearn.__version__,
        "classifier_c": cfg.maturity.classifier_c,
        "temperature": model.temperature,
        "train_sets": sorted({e.source for e in examples}),
        "counts": counts,
    }
    folder = model_dirs(cfg)[0]
    save_stage_model(folder, model, manifest)
    return f"stage model trained on {len(examples)} labelled item(s); written to {folder}"


def example_features(
    assessor: MaturityAssessor, examples: Sequence[StageExample]
) -> tuple[np.ndarray, list[str]]:
    """The dense rows and news texts of labelled examples (vectors from the labelled cache)."""
    cfg = assessor.cfg
    vectors = gold_vector_cache(cfg).passages(
        assessor.embedder, [e.article for e in examples], cfg.embed
    )
    found = [assessor.features(e.article, vectors[e.article.id]) for e in examples]
    return np.vstack([f[0] for f in found]), [f[1] for f in found]


def fit_rows(
    cfg: Config, rows: np.ndarray, news: Sequence[str], stages: Sequence[int]
) -> StageClassifier:
    m = cfg.maturity
    return fit_stage_classifier(
        rows, news, stages, m.classifier_c, raw_from=len(STAGES), wording_weight=m.wording_weight
    )


def fit_examples(
    assessor: MaturityAssessor, examples: Sequence[StageExample], calibrate: bool = True
) -> StageClassifier:
    """The stage classifier fitted on these labelled examples; with `calibrate`, its
    temperature fitted on each labelled set's items as predicted by a model trained on the
    other sets (leave-one-set-out: the shift a new writer's conventions bring)."""
    rows, news = example_features(assessor, examples)
    stages = [STAGES.index(e.stage) for e in examples if e.stage is not None]
    model = fit_rows(assessor.cfg, rows, news, stages)
    sources = np.array([e.source for e in examples])
    if not calibrate or len(set(sources)) < 2:
        return model
    logits = np.zeros((len(examples), len(model.classes)))
    for source in sorted(set(sources)):
        out, into = np.flatnonzero(sources == source), np.flatnonzero(sources != source)
        part = fit_rows(
            assessor.cfg, rows[into], [news[i] for i in into], [stages[i] for i in into]
        )
        held = part.logits(rows[out], [news[i] for i in out])
        logits[np.ix_(out, np.searchsorted(model.classes, part.classes))] = held
        missing = np.setdiff1d(model.classes, part.classes)
        if len(missing):  # a stage one set alone has: never predicted for it
            logits[np.ix_(out, np.searchsorted(model.classes, missing))] = -1e3
    temperature = fit_temperature(logits, model.classes, stages)
    return replace(model, temperature=temperature)


def load_maturity_assessor(cfg: Config, embedder: Embedder | None = None) -> MaturityAssessor:
    """The assessor with its stored classifier; a missing or stale one is retrained from the
    labelled sets (with a log line); without any, the cue words decide alone, saying so."""
    embedder = embedder or load_embedder(cfg.embed)
    assessor = MaturityAssessor(cfg, embedder)
    expected = assessor.expected_manifest()
    with contextlib.suppress(InputError):  # no labelled set here: the shipped model is used
        expected["labelled_digest"] = labelled_digest(labelled_stages(cfg))
    reasons = []
    for folder in dict.fromkeys(p.resolve() for p in model_dirs(cfg)):
        try:
            assessor.classifier, assessor.manifest = load_stage_model(folder, expected)
            return assessor
        except StageModelStale as exc:
            reasons.append(str(exc))
    log.warning("%s: training the stage model", "; ".join(reasons))
    try:
        log.warning("%s", train_maturity_model(cfg, embedder=embedder))
        assessor.classifier, assessor.manifest = load_stage_model(model_dirs(cfg)[0], expected)
    except (InputError, StageModelStale, OSError) as exc:
        log.warning("stage classifier unavailable (%s): cue words only", exc)
    return assessor
