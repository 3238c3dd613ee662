"""E-mail against a real SMTP server (aiosmtpd) on 127.0.0.1: delivery, and every failure as a
MailError naming the server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from email import message_from_bytes, policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from scanner.config import SmtpConfig
from scanner.errors import ConfigError, MailError
from scanner.notify.mail import send_mail


class Inbox:
    """An aiosmtpd handler keeping what it receives; refuses recipients at refused.test."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address.endswith("@refused.test"):
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(**kwargs: Any) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def plain(port: int, **changes: Any) -> SmtpConfig:
    base = SmtpConfig(host="127.0.0.1", port=port, security="none", timeout=5.0,
                      sender="veille@example.org", recipients=("analyste@example.org",))  # fmt: skip
    return replace(base, **changes)


def test_a_bulletin_is_delivered_with_text_and_html_parts() -> None:
    with smtp_server() as (inbox, port):
        sent = send_mail(plain(port), "Veille\nS46", "Texte « brut »", html="<p>Bulletin</p>")
    assert sent == ["analyste@example.org"]
    [(rcpts, msg)] = inbox.messages
    assert rcpts == ["analyste@example.org"]
    assert msg["Subject"] == "Veille S46"  # a newline cannot inject a header
    assert msg.get_body(("plain",)).get_content().strip() == "Texte « brut »"
    assert "<p>Bulletin</p>" in msg.get_body(("html",)).get_content()


def test_one_refused_recipient_does_not_stop_the_others() -> None:
    with smtp_server() as (inbox, port):
        sent = send_mail(plain(port), "s", "t", to=["a@example.org", "b@refused.test"])
    assert sent == ["a@example.org"]
    assert inbox.messages[0][0] == ["a@example.org"]


def test_every_recipient_refused_is_a_mail_error() -> None:
    with smtp_server() as (_, port), pytest.raises(MailError, match="refused"):
        send_mail(plain(port), "s", "t", to=["x@refused.test"])


def test_login_refused_names_the_user(monkeypatch: pytest.MonkeyPatch) -> None:
    def authenticate(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"right"
        return AuthResult(success=ok, handled=False)  # the server answers 535 itself

    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    cfg_changes = {"username": "veille", "password_env": "TEST_SMTP_PASSWORD"}
    with smtp_server(authenticator=authenticate, auth_require_tls=False) as (inbox, port):
        with pytest.raises(MailError, match="login refused for 'veille'"):
            send_mail(plain(port, **cfg_changes), "s", "t")
        monkeypatch.setenv("TEST_SMTP_PASSWORD", "right")
        assert send_mail(plain(port, **cfg_changes), "s", "t") == ["analyste@example.org"]
    assert len(inbox.messages) == 1


def test_a_server_that_is_down_or_silent_is_a_mail_error() -> None:
    with pytest.raises(MailError, match="127.0.0.1"):
        send_mail(plain(free_port()), "s", "t")  # nobody listens
    with socket.socket() as silent:  # accepts, never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        accepted: list[socket.socket] = []
        t = threading.Thread(target=lambda: accepted.append(silent.accept()[0]), daemon=True)
        t.start()
        with pytest.raises(MailError, match="timed out|Timeout"):
            send_mail(plain(silent.getsockname()[1], timeout=0.5), "s", "t")
        for conn in accepted:
            conn.close()


def test_unconfigured_mail_is_a_config_error_naming_the_key() -> None:
    with pytest.raises(ConfigError) as err:
        send_mail(SmtpConfig(), "s", "t")
    assert err.value.key == "alerts.smtp.host"
    with pytest.raises(ConfigError) as err:
        send_mail(plain(25, recipients=()), "s", "t")
    assert err.value.key == "alerts.smtp.recipients"
