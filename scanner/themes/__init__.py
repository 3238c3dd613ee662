"""Foresight themes: taxonomy similarity, the classifier, keyword evidence, the stage."""
