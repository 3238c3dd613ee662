"""The semantic stage of processing: embed (cached) → index → theme scores → maturity.

    stage = SemanticStage(cfg, store)
    stage.process(articles)              # stores theme scores and stages, updates the index
    stage.score_articles(articles)       # theme scores only, nothing indexed
    stage.assess_articles(articles)      # theme scores and maturity, nothing stored (`analyze`)

The embedder, the theme scorer and the maturity assessor load on first use, once per stage. A
curator's theme label on an article wins over the model's decision for that theme (the score
is kept, the evidence says so). An article with a theme gets a maturity stage
(`scanner.maturity`); one without gets none. One bad article is logged and skipped; the others
of the batch go on; the ids that failed are in `stage.failed` after each call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np

from scanner.config import Config
from scanner.errors import ScannerError
from scanner.maturity.assess import MaturityAssessor, load_maturity_assessor
from scanner.records import Article, Maturity, ThemeScore
from scanner.store import Store
from scanner.themes.scoring import ThemeScorer
from scanner.themes.training import load_theme_scorer
from scanner.vectors.embed import Embedder, embed_articles, load_embedder

log = logging.getLogger(__name__)
# What one article can raise inside the model stack besides our own errors (a tensor shape,
# a NaN in a vector): logged per article rather than sinking the batch.
ARTICLE_ERRORS = (ScannerError, ValueError, RuntimeError, IndexError)


class SemanticStage:
    """Embeddings, index and theme scores for batches of articles."""

    def __init__(self, cfg: Config, store: Store, scorer: ThemeScorer | None = None) -> None:
        """`scorer`: an already loaded ThemeScorer for this configuration (else loaded, and
        trained if need be, on first use)."""
        self.cfg = cfg
        self.store = store
        self._embedder: Embedder | None = scorer.embedder if scorer else None
        self._scorer: ThemeScorer | None = scorer
        self._assessor: MaturityAssessor | None = None
        self.failed: list[str] = []

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self.cfg.embed)
        return self._embedder

    @property
    def scorer(self) -> ThemeScorer:
        if self._scorer is None:
            self._scorer = load_theme_scorer(self.cfg, self.store, self.embedder)
        return self._scorer

    @property
    def assessor(self) -> MaturityAssessor:
        if self._assessor is None:
            self._assessor = load_maturity_assessor(self.cfg, self.embedder)
        return self._assessor

    def embed(self, articles: Sequence[Article]) -> dict[str, np.ndarray]:
        """Passage vectors per article id (cached by content hash); a batch that fails is
        retried one article at a time so the bad one alone is skipped, and so is an article
        whose vectors are unusable (a corrupt cache row: wrong width, NaN)."""
        try:
            found = embed_articles(self.embedder, self.store, list(articles), self.cfg.embed)
        except ARTICLE_ERRORS as exc:
            log.warning("embedding batch failed (%s); retrying one by one", exc)
            found = {}
            for article in articles:
                try:
                    found.update(
                        embed_articles(self.embedder, self.store, [article], self.cfg.embed)
                    )
                except ARTICLE_ERRORS as exc:
                    self._fail(article, "embedding", exc)
        out: dict[str, np.ndarray] = {}
        for article in articles:
            if article.id not in found:
                continue
            vectors = np.asarray(found[article.id])
            dim = self.embedder.dim
            if vectors.ndim != 2 or vectors.shape[1] != dim or not np.isfinite(vectors).all():
                shape = "×".join(map(str, vectors.shape))
                self._fail(article, "embedding", ValueError(f"vectors {shape}, expected n×{dim}"))
                continue
            out[article.id] = vectors
        return out

    def score_articles(self, articles: Sequence[Article]) -> dict[str, list[ThemeScore]]:
        """Theme scores (one per taxonomy theme, curators' labels applied) per article id."""
        self.failed = []
        vectors = self.embed(articles)
        return self._score(articles, vectors)

    def assess_articles(
        self, articles: Sequence[Article]
    ) -> tuple[dict[str, list[ThemeScore]], dict[str, Maturity]]:
        """Theme scores and maturity per article id; nothing stored."""
        self.failed = []
        vectors = self.embed(articles)
        themes = self._score(articles, vectors)
        return themes, self._stages(articles, vectors, themes)

    def process(self, articles: Sequence[Article]) -> None:
        """Embed, index and store theme scores and stages for a batch (one transaction per
        article for each)."""
        self.failed = []
        vectors = self.embed(articles)
        if vectors:
            self._index(vectors)
        themes = self._score(articles, vectors)
        stages = self._stages(articles, vectors, themes)
        for article_id, scores in themes.items():
            self.store.themes.replace(article_id, scores)
            if article_id in stages:
                self.store.stages.replace(stages[article_id])

    def _stages(
        self,
        articles: Sequence[Article],
        vectors: dict[str, np.ndarray],
        themes: dict[str, list[ThemeScore]],
    ) -> dict[str, Maturity]:
        out: dict[str, Maturity] = {}
        for article in articles:
            if article.id not in themes:
                continue  # its embedding or scoring failed, already counted
            on_topic = any(s.assigned for s in themes[article.id])
            try:
                out[article.id] = self.assessor.assess(article, vectors[article.id], on_topic)
            except ARTICLE_ERRORS as exc:
                self._fail(article, "maturity", exc)
        return out

    def _index(self, vectors: dict[str, np.ndarray]) -> None:
        from scanner.vectors.index import index_articles

        try:
            index_articles(self.cfg, self.store, vectors)
        except ARTICLE_ERRORS as exc:
            # the index is rebuilt from the store's cached vectors on its next load
            log.warning("index update failed (%s); it will be rebuilt from the store", exc)

    def _score(
        self, articles: Sequence[Article], vectors: dict[str, np.ndarray]
    ) -> dict[str, list[ThemeScore]]:
        labels = self.store.themes.labels()
        out: dict[str, list[ThemeScore]] = {}
        for article in articles:
            if article.id not in vectors:
                continue  # its embedding failed, already counted
            try:
                scores = self.scorer.score(article, vectors[article.id])
            except ARTICLE_ERRORS as exc:
                self._fail(article, "theme scoring", exc)
                continue
            out[article.id] = apply_curator_labels(scores, labels.get(article.id, {}))
        return out

    def _fail(self, article: Article, what: str, exc: Exception) -> None:
        log.warning("article %s: %s failed, skipped: %s", article.id, what, exc)
        self.failed.append(article.id)


def apply_curator_labels(scores: list[ThemeScore], labels: dict[str, int]) -> list[ThemeScore]:
    """The curator's decision replaces the model's `assigned` for the themes they labelled."""
    if not labels:
        return scores
    out = []
    for s in scores:
        if s.theme in labels:
            said = bool(labels[s.theme])
            note = "validé par un curateur" if said else "écarté par un curateur"
            s = ThemeScore(s.article_id, s.theme, s.score, said, (note, *s.evidence))
        out.append(s)
    return out


def rescore_themes(
    cfg: Config,
    store: Store,
    ids: Sequence[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    batch: int = 64,
) -> int:
    """Re-score the themes (and so the stages) of stored articles (all, or `ids`) with the
    current theme model, e.g. after `train_theme_model`: vectors come from the store's cache,
    the index is not touched. Returns how many articles were re-scored."""
    stage = SemanticStage(cfg, store)
    wanted = list(ids) if ids is not None else store.articles.ids()
    done = 0
    for start in range(0, len(wanted), batch):
        articles = list(store.articles.many(wanted[start : start + batch]).values())
        themes, stages = stage.assess_articles(articles)
        for article_id, scores in themes.items():
            store.themes.replace(article_id, scores)
            if article_id in stages:
                store.stages.replace(stages[article_id])
            done += 1
        if progress:
            progress("themes", min(start + batch, len(wanted)), len(wanted))
    return done
