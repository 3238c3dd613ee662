"""Sending what the watch produces to people: e-mail through the configured SMTP server."""
