"""Saved searches and their alerts: save (`saved`), run and mail a digest (`run`), read as an
Atom feed (`feed`)."""
