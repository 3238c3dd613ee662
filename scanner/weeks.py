"""ISO weeks as the watch names them ("2026-W46"): the one parser every stage and edge uses.

    week_start("2026-W46")        # date(2026, 11, 9), the Monday
    week_bounds("2026-W46")       # (Monday, the Monday after): a half-open range of days
    iso_week(date(2026, 11, 12))  # "2026-W46"

A week is exactly four ASCII digits, "-W", two ASCII digits (`\\d` would also take full-width
and Arabic-Indic digits, and `$` a trailing newline: "2026-W4６" must not become a new
bulletin). Years are bounded (FIRST_YEAR..LAST_YEAR) so that the look-backs and look-aheads
of the stages (history, novelty, cluster windows) never leave the calendar Python can count.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from scanner.errors import InputError

WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})", re.ASCII)
FIRST_YEAR, LAST_YEAR = 1900, 2999


def week_start(week: object) -> date:
    """The Monday of an ISO week like "2026-W46"; InputError says what is wrong."""
    if not isinstance(week, str):
        raise InputError(f"expected an ISO week like 2026-W46, got {type(week).__name__}")
    m = WEEK.fullmatch(week)
    if not m:
        raise InputError(f"{week[:40]!r} is not an ISO week like 2026-W46")
    year, number = int(m[1]), int(m[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(
            f"ISO week {week!r}: the year must be between {FIRST_YEAR} and {LAST_YEAR}"
        )
    try:
        return date.fromisocalendar(year, number, 1)
    except ValueError:
        raise InputError(f"ISO week {week!r}: {year} has no week {number}") from None


def week_bounds(week: object) -> tuple[date, date]:
    """Monday of the week and the Monday after (exclusive end)."""
    start = week_start(week)
    return start, start + timedelta(days=7)


def iso_week(day: date) -> str:
    """The ISO week of a day, as "2026-W46"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
