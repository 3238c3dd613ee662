"""Boundary-tolerant matching of names (`organisation.relaxed.*`, `programme.relaxed.*`).

Annotators disagree on where a name starts and ends, not on which body it is: one writes
"concours i-Lab", another "i-Lab"; one keeps "Paris Saclay Cancer Cluster (PSCC)" as one
surface, another as two; one keeps "Hemavie SAS", another "Hemavie". The strict figures
count each such difference twice (a miss and a spurious name). These figures match a
predicted and a gold name of one item when their cores meet: the surface without
guillemets, without a lower-case head word of a programme, without a legal suffix, and a
"Name (ACR)" surface standing for both its parts. Each name is matched at most once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scanner.eval.metrics import PRF, normalise

# lower-case words that introduce a programme's name (compared after `normalise`)
_PROGRAMME_HEADS = re.compile(
    r"^(?:(?:l'|le |la |les |du |de la |des |d')?"
    r"(?:appel a projets|appel a candidatures|appel a manifestation d'interet|appel|aap|ami|"
    r"programme|dispositif|concours|prix|challenge|plan|strategie nationale|strategie|"
    r"feuille de route|accelerateur|label|fonds|the)\s+)+"
)
_PROGRAMME_TAILS = re.compile(r"\s+(?:programme|program|scheme|initiative)$")
_LEGAL = re.compile(
    r"[\s,]+(?:sas|sasu|sa|sarl|se|gmbh|ag|bv|nv|spa|inc\.?|ltd\.?|llc|llp|plc|co\.?,? ltd\.?)$"
)
_BRACKET = re.compile(r"^(.+?)\s*\(([^()]+)\)$")


def cores(kind: str, text: str) -> frozenset[str]:
    """The forms a surface may be matched by (see the module's docstring)."""
    base = normalise(text)
    parts = [base]
    bracket = _BRACKET.match(base)
    if bracket:
        parts += [bracket.group(1).strip(), bracket.group(2).strip()]
    out = set()
    for part in parts:
        core = _LEGAL.sub("", part).strip()
        if kind == "programme":
            core = _PROGRAMME_TAILS.sub("", _PROGRAMME_HEADS.sub("", core)).strip()
        if core:
            out.add(core)
    return frozenset(out)


def relaxed_counts(kind: str, gold: Iterable[str], predicted: Iterable[str]) -> PRF:
    """Matched, spurious and missed names of one item (distinct surfaces on each side)."""
    # distinct surfaces as the strict figures count them ("l'Inserm" = "Inserm")
    want = [cores(kind, t) for t in dict.fromkeys(map(normalise, gold))]
    got = [cores(kind, t) for t in dict.fromkeys(map(normalise, predicted))]
    left = list(range(len(want)))
    tp = 0
    for g in got:
        hit = next((i for i in left if g & want[i]), None)
        if hit is not None:
            left.remove(hit)
            tp += 1
    return PRF(tp, len(got) - tp, len(left))
