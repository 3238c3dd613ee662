"""Maturity: how far along the innovation an article reports is (research → market, or policy).

`cues.py` (cue words per stage, trial phase), `model.py` (the stored classifier),
`assess.py` (the stage of one article, training). `STAGE_LABELS` are the users' words for
each stage, shown in the bulletin and the web app.
"""

STAGE_LABELS = {
    "research": "recherche",
    "clinical": "essai clinique",
    "regulatory": "réglementaire",
    "reimbursement": "remboursement",
    "market": "marché",
    "policy": "politique publique",
}
