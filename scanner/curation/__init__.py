"""Curators' corrections and what the models learn from them."""
