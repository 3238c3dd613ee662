"""Quality figures on the gold corpora: mentions, themes, search."""
