"""Emerging stories: weekly clusters of what no theme names yet, labelled by their words."""
