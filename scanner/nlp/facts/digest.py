"""A digest's next story: a sentence opening a paragraph (or, after "Meanwhile," or a
description of what the company is, a sentence inside one) on a company that is not the
article's protagonist, told in the simple past as English news is ("Oso-Sense SAS raised
$10.7 million …", "Meanwhile, Skyvane raised …"): its money is news, not history."""

from __future__ import annotations

import re

from scanner.nlp.facts.context import Amount


def story_lead(a: Amount) -> bool:
    """The amount's sentence opens a paragraph on a company that is not the article's
    protagonist, and the money is the amount's first: a round-up's next story, told in the
    simple past as English news is."""
    art = a.article
    start = a.sentence.start
    first = art.indexes(start, start + 90, ("organisation",))[:1]
    if not first:
        return False
    lead = art.text[start : art.mentions[first[0]].start]
    # "Meanwhile, Skyvane raised …", "Clinical-stage gene therapy company Lexira raised …":
    # a digest's next story, even inside a paragraph
    opens_story = lead.strip() and _DIGEST_LEAD.fullmatch(lead)
    if not opens_story and (lead.strip() or (start > 0 and art.text[start - 1] != "\n")):
        return False
    name = art.mentions[first[0]].canonical or art.mentions[first[0]].text
    earlier = art.indexes(start, a.mention.start, ("amount",))
    return name != art.protagonist and not earlier and not art.is_funder(name)


# what may open a digest's next story before the company's name: a connective, and a
# description ending on what the company is ("UK-based gene therapy developer")
_DIGEST_LEAD = re.compile(
    r"\s*(?:(?:Meanwhile|Elsewhere|Separately|Similarly|Likewise|Additionally|In addition|"
    r"In other (?:\w+ )?news|Also|Finally|Lastly|To kick things off|Next up),?\s+)?"
    r"(?:[A-Za-z][\w.-]*\s+(?:[a-z][\w-]*\s+){0,4}"
    r"(?:company|developer|biotech|biotechnology|start-?up|firm|maker|specialist|spin-?out|"
    r"spin-?off|medtech|pioneer|player)\s+)?"
)
