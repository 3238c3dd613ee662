"""Funding-fact quality on the gold amounts (part of `scanner eval --only mentions`).

Every gold amount annotated with a fact counts; one the extractor missed counts as wrong in
every figure. Names compare in `normalise`d form (case, accents, a leading article ignored),
and as entities of the item (`ItemNames`): an annotator's canonical is local to an item ("BEI"
there, "Banque européenne d'investissement" here), so a predicted name is the gold one when the
text calls both by one surface. Whether the canonical itself is right is scored apart
(`organisation.canonical`).

    role, new, recipient, programme   accuracy over the annotated amounts
    payers                            precision / recall / F1 over (amount, payer) pairs
    fact                              value, role, new and recipient all right
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from scanner.eval.corpus import GoldMention
from scanner.eval.metrics import PRF, normalise
from scanner.records import Mention

FIELDS = ("role", "new", "recipient", "programme", "fact")
VALUE_TOLERANCE = 0.005


@dataclass(slots=True)
class FactScores:
    """Counts of right facts per field, payer pairs, and the wrong ones for the report."""

    seen: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    payers: PRF = PRF(0, 0, 0)
    wrong: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """`amount.role`, `amount.new`, `amount.recipient`, `amount.programme`, `amount.fact`,
        `amount.payers.{precision,recall,f1}` (none without annotated amounts)."""
        if not self.seen:
            return {}
        out = {f"amount.{name}": self.right[name] / self.seen for name in FIELDS}
        p = self.payers
        out |= {
            "amount.payers.precision": p.precision,
            "amount.payers.recall": p.recall,
            "amount.payers.f1": p.f1,
        }
        return out


def _name(value: str | None) -> str:
    return normalise(value) if value else ""


@dataclass(frozen=True, slots=True)
class ItemNames:
    """The surfaces each canonical name goes by in one item, on the gold and predicted sides."""

    gold: dict[str, frozenset[str]] = field(default_factory=dict)
    pred: dict[str, frozenset[str]] = field(default_factory=dict)

    def same(self, got: str, want: str) -> bool:
        """True when two normalised names are equal or the text calls them by one surface."""
        if got == want:
            return True
        if not got or not want:
            return False
        return bool(self.pred.get(got, frozenset((got,))) & self.gold.get(want, frozenset((want,))))


def item_names(gold: Sequence[GoldMention], pred: Sequence[Mention]) -> ItemNames:
    """Index the organisation and programme mentions of one item by canonical name."""

    def index(pairs: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for canonical, text in pairs:
            key = _name(canonical)
            if key:
                out.setdefault(key, {key}).add(_name(text))
        return {k: frozenset(v) for k, v in out.items()}

    kinds = ("organisation", "programme")
    return ItemNames(
        gold=index([(m.canonical or m.text, m.text) for m in gold if m.kind in kinds]),
        pred=index([(m.canonical or m.text, m.text) for m in pred if m.kind in kinds]),
    )


def _matched(got: set[str], want: set[str], names: ItemNames) -> int:
    """Pairs of one predicted and one gold name that are the same entity (each used once)."""
    left = set(want)
    n = 0
    for g in sorted(got):
        hit = next((w for w in sorted(left) if names.same(g, w)), None)
        if hit is not None:
            left.discard(hit)
            n += 1
    return n


def score_fact(
    scores: FactScores,
    item_id: str,
    gold: GoldMention,
    pred: Mention | None,
    names: ItemNames | None = None,
) -> None:
    """Add one gold amount (and the predicted mention of the same text, if any); `names`
    lets a name match the gold one through the item's surfaces."""
    names = names or ItemNames()
    g = gold.fact
    if g is None:
        return
    scores.seen += 1
    f = pred.fact if pred is not None else None
    if f is None:
        scores.payers = scores.payers + PRF(0, 0, len(set(map(_name, g.payers))))
        scores.wrong.append((item_id, gold.text, "fact", "missing", g.role))
        return
    checks = {
        "role": (f.role, g.role),
        "new": (f.new, g.new),
        "recipient": (_name(f.recipient), _name(g.recipient)),
        "programme": (_name(f.programme), _name(g.programme)),
    }
    right = {name: got == want for name, (got, want) in checks.items()}
    right["recipient"] = names.same(_name(f.recipient), _name(g.recipient))
    right["programme"] = names.same(_name(f.programme), _name(g.programme))
    for name, (got, want) in checks.items():
        if right[name]:
            scores.right[name] += 1
        else:
            shown_got = f.recipient if name == "recipient" else got
            shown_want = g.recipient if name == "recipient" else want
            scores.wrong.append((item_id, gold.text, name, str(shown_got), str(shown_want)))
    value_right = (
        gold.value_eur is None
        or pred is not None
        and pred.value_eur is not None
        and abs(pred.value_eur - gold.value_eur) <= VALUE_TOLERANCE * abs(gold.value_eur)
    )
    if value_right and all(right[n] for n in ("role", "new", "recipient")):
        scores.right["fact"] += 1
    got_payers, want_payers = set(map(_name, f.payers)), set(map(_name, g.payers))
    tp = _matched(got_payers, want_payers, names)
    scores.payers = scores.payers + PRF(tp, len(got_payers) - tp, len(want_payers) - tp)
    if tp != len(got_payers) or tp != len(want_payers):
        scores.wrong.append(
            (item_id, gold.text, "payers", ", ".join(f.payers), ", ".join(g.payers))
        )


def format_facts(scores: FactScores, limit: int = 8) -> list[str]:
    """Lines of the report: the figures, then a few wrong facts per field."""
    if not scores.seen:
        return []
    figures = scores.figures()
    lines = [
        f"funding facts on {scores.seen} gold amounts: "
        + ", ".join(f"{n} {figures[f'amount.{n}']:.3f}" for n in FIELDS)
        + f", payers P/R/F1 {scores.payers.precision:.3f}/{scores.payers.recall:.3f}/"
        f"{scores.payers.f1:.3f}"
    ]
    by_field: dict[str, list[tuple[str, str, str, str]]] = {}
    for item_id, text, name, got, want in scores.wrong:
        by_field.setdefault(name, []).append((item_id, text, got, want))
    for name, cases in by_field.items():
        shown = "; ".join(f"{i}: {t!r} -> {g}, gold {w}" for i, t, g, w in cases[:limit])
        more = f" (+{len(cases) - limit})" if len(cases) > limit else ""
        lines.append(f"wrong {name}: {shown}{more}")
    return lines
