"""The error tree drawn at the top of scanner/errors.py names every ScannerError subclass."""

from __future__ import annotations

import importlib
import pkgutil

import scanner
from scanner import errors


def all_subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():
        found |= {sub} | all_subclasses(sub)
    return found


def test_the_drawing_lists_every_error() -> None:
    for info in pkgutil.walk_packages(scanner.__path__, "scanner."):
        importlib.import_module(info.name)  # errors defined beside their code register here
    drawing = errors.__doc__ or ""
    names = {c.__name__ for c in all_subclasses(errors.ScannerError)}
    assert len(names) >= 15
    missing = sorted(n for n in names if f"── {n} " not in drawing)
    assert not missing, f"add to the drawing in scanner/errors.py: {missing}"
