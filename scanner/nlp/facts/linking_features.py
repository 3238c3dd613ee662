"""The learnt linker's vocabulary: the names of its features (one column each, in this order:
a stored model is tied to them), the cue words it looks for around a candidate organisation, and
the role groups whose features are crossed (a payer of an investment is its spender, of a
round an investor).
"""

from __future__ import annotations

import re

from scanner.nlp.facts import lexicon as lx

ROLES = (
    "equity", "grant", "loan", "public_budget", "investment", "acquisition", "contract",
    "market", "cost", "revenue", "other",
)  # fmt: skip
_A = r"\s*(?:l'|la |le |les |du |des |d'|de |the )?(?:[a-z][\w'-]*\s+){0,3}$"
# cues before a name, in the 60 characters before it
CUES_BEFORE: dict[str, re.Pattern[str]] = {
    "investor_cue": re.compile(
        r"\b(?:aupres d[eu']|avec la participation d[eu']|aux cotes d[eu']|men(?:e|ee|es|ees) "
        r"par|co-?men\w* par|conduit\w* par|led by|co-led by|with participation from|"
        r"with (?:the )?participation of|joined by|backed by|alongside|syndicate)" + _A
    ),
    "funded_by_cue": re.compile(
        r"\b(?:(?:financ|cofinanc|soutenu|subventionn|accord|octroy|attribu|apport|vers|allou|"
        r"abond|garanti|consenti|prete|accompagn|fund|back|support|provid|grant|award|lent|"
        r"loan)\w*\s+(?:\w+\s+){0,2}(?:par|by)|avec le soutien d[eu']|grace a|"
        r"de la part d[eu']|with (?:the )?support (?:of|from)|thanks to)" + _A
    ),
    "by_cue": re.compile(r"\b(?:par|by|via|through)" + _A),
    "from_cue": re.compile(
        r"\b(?:from|de la part d[eu']|en provenance d[eu']|provenant d[eu'])" + _A
    ),
    "to_cue": re.compile(r"\b(?:pour|a|au|aux|to|for|en faveur d[eu']|beneficie a)" + _A),
    "into_cue": re.compile(r"\b(?:dans|au capital d[eu']|into|in)" + _A),
    "fund_word": re.compile(
        r"\b(?:fonds|investisseurs?|banques?|actionnaires?|societe de gestion|fund|investors?|"
        r"bank|shareholders?|venture capital firm)" + _A
    ),
    "company_word": re.compile(
        r"\b(?:start-?up|biotech|medtech|societe|entreprise|pepite|jeune pousse|spin-?off|"
        r"company|startup|firm|laboratoire)\b(?:\s+[a-z][\w'-]*){0,3}\s*$"
    ),
    "with_cue": re.compile(r"\b(?:avec|with|et|and)\s*(?:l'|la |le |les |the )?$"),
}
TAKE = re.compile(lx.TAKE)
GIVE = re.compile(lx.GIVE)
ORIGIN = re.compile(r"\b(?:issue?s? d[eu']|spin-?off|fondee? par|founded by|ne au sein)")
SAYS = re.compile(r"\b(?:selon|according to|rappel\w*|indiqu\w*|explique\w*|said|says)\b")
MAX_CANDIDATES = 40  # organisations of one article the linker weighs
MAX_LINKED_AMOUNTS = 100  # amounts of one article the linker weighs: past them (a table or a
# directory flattened into text, not news) the rules' facts stand, and the stage stays linear

# the features crossed with the spending and envelope role groups
CROSSED = (
    "parse_subject",
    "protagonist",
    "company_like",
    "funder",
    "investor_cue",
    "funded_by_cue",
    "take_between",
    "same_sentence",
    "before_amount",
    "rule_payer",
    "recipient_elsewhere",
)
FEATURES: tuple[str, ...] = (
    "same_sentence",
    "prev_sentence",
    "next_sentence",
    "far_before",
    "far_after",
    "sentence_distance",
    "in_title",
    "amount_in_title",
    "before_amount",
    "after_amount",
    "same_segment",
    "char_distance",
    "orgs_between",
    "adjacent_after",
    "mentions",
    "first_org",
    "protagonist",
    "only_company",
    "funder",
    "text_funder",
    "authority",
    "company_like",
    "investor_name",
    "lender_or_donor",
    "state",
    *CUES_BEFORE,
    "of_after",
    "take_after",
    "give_after",
    "joins_in_after",
    "take_between",
    "give_between",
    "origin_before",
    "says_near",
    "investor_noun_before",
    "follow_up_sentence",
    "far_cued",
    "parsed",
    "parse_subject",
    "parse_agent",
    "parse_object",
    "parse_oblique",
    "parse_distance",
    "rule_recipient",
    "rule_payer",
    "rule_recipient_weak",
    "rule_payer_found",
    "payer_elsewhere",
    "recipient_elsewhere",
    "operator",
    "amounts_between",
    "closer_to_other_amount",
    "sentence_has_other_amount",
    "same_paragraph",
    "any_investor_cue",
    "any_funded_by_cue",
    "any_take_after",
    "any_give_after",
    "new",
    "english",
    "candidates",
    *(f"role_{r}" for r in ROLES),
    "funded_role_x_investor_cue",
    "funded_role_x_funder",
    "equity_x_investor_name",
    "far_x_funder",
    "subject_x_funder",
    *(f"{g}_x_{k}" for g in ("spend", "budget") for k in CROSSED),
)
# role groups whose payer is not a funder: who spends, who buys, who orders; an envelope's
SPEND = ("investment", "acquisition", "contract", "cost", "other")
BUDGET = ("public_budget",)
INDEX = {name: i for i, name in enumerate(FEATURES)}
FUNDED = ("equity", "grant", "loan")
WEAK_RECIPIENT = ("protagonist", "sentence_company", "no_rule", "taker_before", "for_org")
