"""Shared test fixtures. Heavy models load once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"


@pytest.fixture(scope="session")
def mention_extractor():  # type: ignore[no-untyped-def]
    """One MentionExtractor (spaCy model + gazetteers) for the whole test session."""
    from scanner.config import NlpConfig
    from scanner.nlp.mentions import MentionExtractor

    return MentionExtractor(NlpConfig(rates={"USD": 0.92, "GBP": 1.17, "CHF": 1.05}), PROJECT)
