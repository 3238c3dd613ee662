"""The spaCy pipeline the mention stage runs, and the text it is given.

    nlp = load_spacy(cfg.model)                    # NER and the parser, nothing more
    nlp.pipe(chunks, disable=not_ner(nlp))         # NER alone
    check_spacy_model(cfg.model)                   # installed? (without loading it)

The text spaCy reads is the article's with markup and invisible characters blanked
(`spacy_view`, same length, so offsets index the original), cut in CHUNK_CHARS pieces
(`split_chunks`). The parser reads only the amount sentences (`sentence_parser`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from scanner.errors import ModelNotInstalled
from scanner.nlp.facts.parse import SentenceParser, spacy_parser
from scanner.nlp.matmul import pipeline_numpy_matmul

# Components the stage does not use. The French pipelines' NER has its own tok2vec; the shared
# tok2vec, the morphologizer and the parser serve the amount sentences' parse only.
UNUSED_COMPONENTS = ["attribute_ruler", "lemmatizer", "senter", "tagger"]
CHUNK_CHARS = 50_000  # well below spaCy's max_length, and keeps NER memory flat

_TAG = re.compile(r"<[^<>\n]{0,300}>")
_BLANK = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u202f", " "))


def load_spacy(name: str) -> Any:
    """The spaCy pipeline `name` with what NER and the parser need; ModelNotInstalled says how
    to get it."""
    import spacy
    from spacy.pipeline import Tok2Vec

    try:
        nlp = spacy.load(name, exclude=UNUSED_COMPONENTS)
    except OSError as exc:
        raise _not_installed(name) from exc
    # spaCy types get_pipe as a bare callable; the "tok2vec" component is a Tok2Vec
    if (
        "tok2vec" in nlp.pipe_names
        and not cast(Tok2Vec, nlp.get_pipe("tok2vec")).listening_components
    ):
        nlp.remove_pipe("tok2vec")  # nothing listens to it without a parser
    pipeline_numpy_matmul(nlp)
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS + 1)
    return nlp


def not_ner(nlp: Any) -> list[str]:
    """The components to switch off for NER alone."""
    return [n for n in getattr(nlp, "pipe_names", ()) if n != "ner"]


def sentence_parser(nlp: Any) -> SentenceParser | None:
    """The amount sentences' parser over a loaded pipeline, None when it has no parser."""
    if "parser" not in getattr(nlp, "pipe_names", ()):
        return None
    return spacy_parser(nlp)


def check_spacy_model(name: str) -> None:
    """ModelNotInstalled, saying how to install it, unless `name` is an installed spaCy model
    package or a model folder (checked without loading it)."""
    import importlib.util

    if Path(name).is_dir():
        return
    try:
        if importlib.util.find_spec(name) is not None:
            return
    except (ImportError, ValueError):  # a dotted name whose parent is missing, an empty name
        pass
    raise _not_installed(name)


def _not_installed(name: str) -> ModelNotInstalled:
    return ModelNotInstalled(
        f"spaCy model {name!r} is not installed: pip install {name.replace('_', '-')}"
    )


def spacy_view(text: str) -> str:
    """`text` with markup and invisible characters blanked, same length, so that entity
    offsets computed on it index the original."""
    if "<" in text:
        text = _TAG.sub(lambda m: " " * len(m.group()), text)
    return text.translate(_BLANK)


def split_chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, chunk) pieces of at most `size` characters, cut at a line or sentence end."""
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n"), window.rfind(". ") + 1)
        if cut <= size // 2:
            cut = window.rfind(" ")
        if cut <= size // 2:
            cut = size
        yield start, text[start : start + cut]
        start += cut
    if start < len(text):
        yield start, text[start:]
