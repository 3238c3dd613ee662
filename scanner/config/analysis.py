"""The configuration's sections for analysis and the bulletin: the theme taxonomy (`Theme`, one
per [taxonomy.<key>] table), how themes are scored, how far along an innovation is, how bulletin
items are ranked and what a bulletin shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanner.config.defaults import _bulletin, _maturity, _rank, _themes
from scanner.config.values import _build
from scanner.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Theme:
    """One foresight theme of the taxonomy."""

    key: str
    label: str
    description: str
    seeds: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ThemesConfig:
    """How theme scores combine and where an article counts as belonging to a theme."""

    tune: bool = _themes("tune")
    threshold: float = _themes("threshold")
    on_threshold: float = _themes("on_threshold")
    min_domain_words: int = _themes("min_domain_words")
    second_chance: float = _themes("second_chance")
    second_chance_words: int = _themes("second_chance_words")
    similarity_weight: float = _themes("similarity_weight")
    classifier_weight: float = _themes("classifier_weight")
    lexical_weight: float = _themes("lexical_weight")
    passage_weight: float = _themes("passage_weight")
    words_weight: float = _themes("words_weight")
    wording_c: float = _themes("wording_c")
    passage_center: float = _themes("passage_center")
    passage_scale: float = _themes("passage_scale")
    train_sets: tuple[str, ...] = _themes("train_sets")
    cluster_min_size: int = _themes("cluster_min_size")
    cluster_link: float = _themes("cluster_link")
    model_dir: str = _themes("model_dir")
    gold: str = _themes("gold")
    similarity_center: float = _themes("similarity_center")
    similarity_scale: float = _themes("similarity_scale")
    lexical_half: float = _themes("lexical_half")
    title_weight: float = _themes("title_weight")
    classifier_c: float = _themes("classifier_c")
    curator_weight: float = _themes("curator_weight")
    folds: int = _themes("folds")
    cluster_fit: float = _themes("cluster_fit")
    cluster_window: int = _themes("cluster_window")
    cluster_word_share: float = _themes("cluster_word_share")
    cluster_words: int = _themes("cluster_words")
    domain_words: tuple[str, ...] = _themes("domain_words")
    animal_words: tuple[str, ...] = _themes("animal_words")
    animal_min_words: int = _themes("animal_min_words")


@dataclass(frozen=True, slots=True)
class MaturityConfig:
    """How far along an innovation is (`scanner.maturity`): cue words per stage, the
    classifier over them and where it is stored, and when the text is taken not to say."""

    model_dir: str = _maturity("model_dir")
    classifier_c: float = _maturity("classifier_c")
    min_confidence: float = _maturity("min_confidence")
    title_weight: float = _maturity("title_weight")
    vector_weight: float = _maturity("vector_weight")
    wording_weight: float = _maturity("wording_weight")
    lead_words: int = _maturity("lead_words")
    train_sets: tuple[str, ...] = _maturity("train_sets")
    research: tuple[str, ...] = _maturity("research")
    clinical: tuple[str, ...] = _maturity("clinical")
    regulatory: tuple[str, ...] = _maturity("regulatory")
    reimbursement: tuple[str, ...] = _maturity("reimbursement")
    market: tuple[str, ...] = _maturity("market")
    policy: tuple[str, ...] = _maturity("policy")


@dataclass(frozen=True, slots=True)
class RankConfig:
    """Bulletin ranking: an item's score is the sum of its signals, each in [0, 1], times its
    weight here (0 silences a signal); `scanner.bulletin.rank` documents how each signal is measured.
    `novelty_weeks` is how far back "already seen" looks."""

    theme: float = _rank("theme")
    novelty: float = _rank("novelty")
    salience: float = _rank("salience")
    money: float = _rank("money")
    key_entities: float = _rank("key_entities")
    authority: float = _rank("authority")
    recency: float = _rank("recency")
    key_programmes: tuple[str, ...] = _rank("key_programmes")
    key_organisations: tuple[str, ...] = _rank("key_organisations")
    novelty_weeks: int = _rank("novelty_weeks")


@dataclass(frozen=True, slots=True)
class BulletinConfig:
    """What a bulletin shows."""

    items_per_theme: int = _bulletin("items_per_theme")
    history_weeks: int = _bulletin("history_weeks")
    top_signals: int = _bulletin("top_signals")


def _taxonomy(data: Any) -> tuple[Theme, ...]:
    if not isinstance(data, dict) or not data:
        raise ConfigError("taxonomy", "at least one theme is required ([taxonomy.<key>] tables)")
    themes = []
    for key, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"taxonomy.{key}", "expected a table")
        theme = _build(Theme, {"key": key, **table}, f"taxonomy.{key}")
        if not theme.seeds:
            raise ConfigError(f"taxonomy.{key}.seeds", "at least one seed phrase is required")
        themes.append(theme)
    return tuple(themes)
