"""Money as the analysts read it, in French: "2,3 Md€", "670 M€", "≈ 50 M€", a range, a
converted amount said to be so."""

from __future__ import annotations

import math


def format_eur(value: float) -> str:
    """French money format: "2,3 Md€", "670 M€", "1,25 M€", "45 k€", "900 €"."""
    if value is None or not math.isfinite(value):
        return "n/a"
    sign, size = ("-" if value < 0 else ""), abs(value)
    for unit, scale in (("Md€", 1e9), ("M€", 1e6), ("k€", 1e3)):
        # 999 960 rounds to "1 M€", not "1000 k€"
        if size >= scale * 0.9995:
            x = size / scale
            decimals = 2 if x < 10 else 1
            text = f"{x:,.{decimals}f}".rstrip("0").rstrip(".")
            return sign + _french(text) + f" {unit}"
    return sign + _french(f"{round(size):,d}") + " €"


def format_amount(
    value_eur: float,
    currency: str | None = "EUR",
    approx: bool = False,
    high_eur: float | None = None,
) -> str:
    """An amount as an analyst reads it: "2,3 Md€", a range "10 M€ – 15 M€", an approximate
    "≈ 50 M€", and a converted one said to be so ("4,6 Md€ (converti de USD)")."""
    text = format_eur(value_eur)
    if high_eur is not None and high_eur != value_eur:
        text = f"{text} – {format_eur(high_eur)}"
    if approx:
        text = f"≈ {text}"
    if currency and currency != "EUR":
        text = f"{text} (converti de {currency})"
    return text


def _french(number: str) -> str:
    """ "1,234.5" → "1 234,5"."""
    return number.replace(",", " ").replace(".", ",")
