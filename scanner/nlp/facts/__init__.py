"""Funding facts: what each amount of an article states.

    find_facts(text, mentions, published, parse)   # -> the mentions, amounts with a FundingFact

For every amount: its `role` (equity, grant, loan, public_budget, investment, acquisition,
contract, market, cost, revenue, other), whether the article announces it as news (`new`),
who receives it (`recipient`), who provides it (`payers`) and under which programme. Small
named rules decide each field, most specific first, over the amount's sentence, its dependency
parse (spaCy, the sentences holding an amount only) and the article around it; each fact
records the rule that decided each field (`FundingFact.decided_by`).

    text.py      sentences, per-amount segments, accent-folded views
    lexicon/     the cue words (French and English) and funder names, one module per concept
    parse.py     the dependency parse of the amount sentences, and what it says
    context.py   what the rules read: the amount, its sentence, its article
    roles.py     role rules          novelty.py   `new` rules
    recipient.py recipient rules     parties.py   payer rules over the amount's sentence
    investors.py a round's investors named in the sentences after it
    nearby.py    payers named elsewhere in the article (funders, operators, launchers)
    takeover.py  who buys and who is bought         contracts.py  customer and supplier
    stakes.py    a stake bought in a company       buyers.py     who pays when no funder is named
    deal_partner.py   a contract's payer told in the deal's sentence before its terms
    given_after.py    the organisation money is given "à"/"to" ("revient au consortium X")
    shared_funder.py  a laureate's grant paid by the article's one funder
    respectively.py   amounts shared out "respectivement" among the names listed before
    time_words.py     a company's age and reported speech, which date no money
    background.py     money a sentence frames as background (a month long gone, a period
                      looked back on, assets under management, a cap per winner)
    round_parts.py    the parts of a round or a deal, as new as the round just announced
    same_money.py     one amount said twice (title and body) is one money: one fact
    envelope_aside.py a programme's envelope recalled in brackets after its name; an
                      envelope held as context is background (`budget_background`)
    totals.py    a total paid by its parts' payers, awards under an envelope, investors' money
    unlisted.py  names no extractor found (list lines, table rows, titles)
    programme.py programme rules
    extract.py   the rules in order, one fact per value in an article, facts renamed
                 with the names linked across articles
"""

from scanner.nlp.facts.extract import facts_renamed, find_facts

__all__ = ["facts_renamed", "find_facts"]
