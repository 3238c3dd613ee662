"""Mention extraction: spaCy NER, gazetteers and rules over article texts."""
