"""Measure every corpus of the eval gate again and (with --write) pin the new figures.

    python bench/gate.py                 # measure, print what moved, change nothing
    python bench/gate.py --write         # ... and rewrite tests/eval_gate.toml
    python bench/gate.py --only corpora/unseen2_actors --write
    python bench/gate.py --add corpora/new_set:mentions,themes --write

A floor sits a little under its measured figure (measured - 0.005, rounded down to 3 decimals,
at most 0.995); a rate to keep low (on-topic items left with no theme) gets a ceiling a little
over it instead. A folder keeps the figure names it already pins, so a deliberate omission
stays omitted; a new folder pins every figure its parts print. Lowered floors are listed: each
one must be explained in the commit that lowers it.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GATE = ROOT / "tests" / "eval_gate.toml"
CEILED = {"themes.notheme"}
MARGIN = 0.005


# the command line of the checkout this script runs from (an engineer's worktree
# imports its own package, not the installed one)
_CLI = "from scanner.cli import main; main()"


def floor_of(measured: float) -> float:
    return min(0.995, math.floor((measured - MARGIN) * 1000 + 1e-9) / 1000)


def ceiling_of(measured: float) -> float:
    return max(0.005, math.ceil((measured + MARGIN) * 1000 - 1e-9) / 1000)


def parts_of(entry: dict) -> list[str]:
    names = [*entry.get("floors", {}), *entry.get("ceilings", {})]
    return sorted({n.split(".", 1)[0] for n in names})


def measure(folder: str, parts: list[str]) -> dict:
    """`scanner eval --json` on one folder: its digest and figures."""
    cmd = [sys.executable, "-c", _CLI, "eval", "--json", "--corpora", folder]
    for part in parts:
        cmd += ["--only", part]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{folder}: scanner eval failed\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def pinned(entry: dict, figures: dict[str, float], parts: list[str], new: bool) -> dict:
    names = set(entry.get("floors", {})) | set(entry.get("ceilings", {}))
    if new:
        names = {n for n in figures if n.split(".", 1)[0] in parts}
    floors, ceilings = {}, {}
    for name in sorted(names):
        value = figures.get(name)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            print(f"  ! {name}: no longer measured, dropped")
            continue
        if name in CEILED:
            ceilings[name] = (ceiling_of(value), value)
        else:
            floors[name] = (floor_of(value), value)
    return {"floors": floors, "ceilings": ceilings}


def render(gate: dict[str, dict]) -> str:
    lines = [
        "# The eval gate (tests/test_eval_gate.py): per corpus folder, the digest of its files and",
        "# a floor a little under each figure measured on it (`scanner eval --json --corpora DIR`).",
        "# A figure below its floor fails CI; a changed corpus too, until it is measured again.",
        "# Curated names never count (eval runs without them). Theme figures on the training gold",
        "# set are cross-validated by story. Written by `python bench/gate.py --write`.",
        "",
    ]
    for folder, entry in gate.items():
        lines += [f'["{folder}"]', f'digest = "{entry["digest"]}"']
        lines += [f'measured = "{entry["measured"]}"']
        for table in ("floors", "ceilings"):
            if not entry[table]:
                continue
            lines.append(f'["{folder}".{table}]')
            for name, (bound, value) in entry[table].items():
                lines.append(f'"{name}" = {bound:.3f}  # measured {value:.4f}')
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--write", action="store_true", help="rewrite tests/eval_gate.toml")
    ap.add_argument("--only", action="append", default=[], help="measure only this folder")
    ap.add_argument("--add", action="append", default=[], help="FOLDER:part,part (a new folder)")
    args = ap.parse_args()

    old = tomllib.loads(GATE.read_text(encoding="utf-8"))
    added = dict(a.split(":", 1) for a in args.add)
    folders = list(old) + [f for f in added if f not in old]
    out: dict[str, dict] = {}
    lowered: list[str] = []
    for folder in folders:
        entry = old.get(folder, {})
        if args.only and folder not in args.only and folder not in added:
            out[folder] = {
                "digest": entry["digest"],
                "measured": entry["measured"],
                "floors": {k: (v, math.nan) for k, v in entry.get("floors", {}).items()},
                "ceilings": {k: (v, math.nan) for k, v in entry.get("ceilings", {}).items()},
            }
            continue
        parts = added[folder].split(",") if folder in added else parts_of(entry)
        print(f"{folder} ({', '.join(parts)})", flush=True)
        result = measure(folder, parts)
        new = pinned(entry, result["figures"], parts, folder not in old)
        for name, (bound, value) in new["floors"].items():
            was = entry.get("floors", {}).get(name)
            if was is not None and abs(bound - was) >= 0.001:
                mark = "LOWER" if bound < was else "up"
                print(f"  {mark:5} {name}: {was:.3f} -> {bound:.3f} (measured {value:.4f})")
                if bound < was:
                    lowered.append(f"{folder} {name} {was:.3f} -> {bound:.3f}")
        for name, (bound, value) in new["ceilings"].items():
            was = entry.get("ceilings", {}).get(name)
            if was is not None and abs(bound - was) >= 0.001:
                print(f"  ceil  {name}: {was:.3f} -> {bound:.3f} (measured {value:.4f})")
        if entry.get("digest") not in (None, result["digest"]):
            print(f"  digest changed: {entry['digest']} -> {result['digest']}")
        out[folder] = {"digest": result["digest"], "measured": date.today().isoformat(), **new}
    print(f"\n{len(lowered)} floor(s) lowered" + "".join(f"\n  {x}" for x in lowered))
    if args.write:
        text = render(out)
        # a folder not measured keeps its lines, comment figures included
        for folder in folders:
            if args.only and folder not in args.only and folder not in added:
                text = keep_old_comments(text, folder)
        GATE.write_text(text, encoding="utf-8")
        print(f"wrote {GATE.relative_to(ROOT)}")


def keep_old_comments(text: str, folder: str) -> str:
    """Carry the old '# measured' comments of a folder that was not measured this time."""
    old_lines = GATE.read_text(encoding="utf-8").splitlines()
    comment = {}
    section = None
    for line in old_lines:
        if line.startswith("["):
            section = line.split("]")[0].strip('["').split('".')[0]
        elif section == folder and " = " in line and "#" in line:
            comment[line.split(" = ")[0]] = line
    lines = []
    section = None
    for line in text.splitlines():
        if line.startswith("["):
            section = line.split("]")[0].strip('["').split('".')[0]
        key = line.split(" = ")[0]
        lines.append(comment.get(key, line) if section == folder else line)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
