"""How the cue lists are written: word boundaries on the folded text (`text.flat`: lower case,
no accents) and a list of alternatives matched as whole words."""

from __future__ import annotations

W = r"(?![a-z0-9])"  # end of a word on the folded text
B = r"(?<![a-z0-9])"  # start of a word
# "de"/"d'" after "auprès", "aux côtés", "de la part"…, or the "du"/"des" left for the article
# pattern that follows ("auprès du fonds X"): `d[e']` alone never matched "du"
OF = r"(?:d[e']|(?=du |des ))"


def words(*alternatives: str) -> str:
    """A pattern matching any of the alternatives as a whole word."""
    return B + "(?:" + "|".join(alternatives) + ")" + W
