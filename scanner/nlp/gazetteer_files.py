"""Where the mention stage finds its files: a configured path (gazetteer, span model, fact
linker) resolved, and the curated gazetteers of a watch."""

from __future__ import annotations

from pathlib import Path

from scanner.config import PROJECT_ROOT, NlpConfig


def resolve_gazetteer_path(path: str, base_dir: Path) -> Path:
    """A gazetteer path: relative to `base_dir`, else to the project folder."""
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate
    for base in (base_dir, PROJECT_ROOT):
        if (base / candidate).exists():
            return base / candidate
    return base_dir / candidate


def curated_gazetteer_files(cfg: NlpConfig) -> dict[str, Path]:
    """Where a watch keeps its curated names, per kind (relative to the current directory,
    like the store: two folders, two watches); none when `curated_dir` is empty."""
    if not cfg.curated_dir:
        return {}
    folder = Path(cfg.curated_dir)
    return {
        "programme": folder / "programmes.jsonl",
        "organisation": folder / "organisations.jsonl",
    }
