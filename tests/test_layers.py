"""The package's import graph, read with ast: no cycle, and no import from a lower layer into
a higher one (records/errors → config → stages and store → pipeline → web, cli, demo, notebooks'
analysis), as shared/DESIGN.md draws them. Imports under `if TYPE_CHECKING:` are annotations
only and do not count; imports inside functions do (they run)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scanner"

# layer of each top-level part of the package; a module may import only its own layer or below
LAYERS = {
    "scanner": 0,  # scanner/__init__.py
    "errors": 0,
    "records": 0,
    "artefacts": 0,
    "config": 1,
    "weeks": 1,
    **dict.fromkeys(
        (
            "text",
            "crawl",
            "extract",
            "nlp",
            "vectors",
            "themes",
            "maturity",
            "clusters",
            "search",
            "bulletin",
            "curation",
            "notify",
            "alerts",
            "eval",
            "store",
        ),
        2,
    ),  # fmt: skip
    "pipeline": 3,
    "worker": 3,
    **dict.fromkeys(("web", "cli", "demo", "analysis"), 4),
}
# within the stage layer, what each part may use (bulletin ranks with search's neighbours...)
MAX_TOP_MODULES = 8


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that `name` imports (a package counts as its __init__)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "scanner")
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "scanner":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules else target)
    # importing a.b.c runs a/__init__ and a/b/__init__ too, but those are the package's own
    # business: only the named module counts as the edge
    return {m for m in found if m in modules and m != name}


def graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def part_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "scanner"


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_every_part_has_a_layer() -> None:
    unknown = {part_of(m) for m in all_modules()} - set(LAYERS)
    assert not unknown, f"give these parts of scanner/ a layer in LAYERS: {sorted(unknown)}"


def test_no_import_cycle() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_import_from_a_higher_layer() -> None:
    upward = [
        f"{m} (layer {LAYERS[part_of(m)]}) imports {t} (layer {LAYERS[part_of(t)]})"
        for m, targets in graph().items()
        for t in targets
        if LAYERS[part_of(t)] > LAYERS[part_of(m)]
    ]
    assert not upward, "\n".join(upward)


def test_few_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


@pytest.mark.parametrize(
    "edges, cycle",
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"a"}}, ["a", "a"]),
    ],
)
def test_the_cycle_finder_finds_cycles(edges: dict[str, set[str]], cycle: list[str] | None) -> None:
    assert find_cycle(edges) == cycle


def test_the_walker_sees_function_level_imports_and_skips_type_checking(tmp_path: Path) -> None:
    modules = {"scanner.a": tmp_path / "a.py", "scanner.b": tmp_path / "b.py",
               "scanner.c": tmp_path / "c.py"}  # fmt: skip
    src = tmp_path / "a.py"
    src.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from scanner.c import X\n"
        "def f():\n    from scanner import b\n"
    )
    assert imports_of("scanner.a", src, modules) == {"scanner.b"}
