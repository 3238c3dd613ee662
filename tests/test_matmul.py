"""The loaded pipelines multiply through numpy, and that changes no entity."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from scanner.nlp.matmul import use_numpy_matmul

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_every_layer_of_the_extractors_pipelines_multiplies_through_numpy(
    mention_extractor,
) -> None:  # type: ignore[no-untyped-def]
    models = [c.model for _, c in mention_extractor.nlp.pipeline if hasattr(c, "model")]
    if mention_extractor.span_model is not None:
        models.append(mention_extractor.span_model.component.model)
    layers = [node for model in models for node in model.walk()]
    assert layers
    assert all(getattr(node.ops, "use_blis", False) is False for node in layers)


@pytest.mark.slow  # ~8 s: two spaCy pipelines over the seeds; `make test-all` runs it
def test_numpy_products_give_the_same_entities_as_blis() -> None:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))[:20_000]
    nlp = spacy.load("fr_core_news_md", exclude=["parser", "tagger", "morphologizer"])
    ner = nlp.get_pipe("ner")
    assert getattr(ner.model.ops, "use_blis", False) is True  # thinc's default, the reference
    before = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]
    use_numpy_matmul(ner.model)
    after = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]
    assert len(before) > 50
    assert after == before
