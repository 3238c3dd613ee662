"""E-mail through `[alerts.smtp]`: one multipart message (plain text, and HTML when given).

    send_mail(cfg.alerts.smtp, "Veille S46", text, html=html, to=["a@example.org"])

The standard library speaks SMTP (smtplib) and builds the message (email.message); this module
only chooses the connection from the config and turns every failure — refused connection,
timeout, rejected login or recipient — into a MailError that says which server and why, so a
caller sending several messages can report one failure and go on.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from scanner.config import SmtpConfig
from scanner.errors import ConfigError, MailError

SECURITY = ("starttls", "ssl", "none")


def build_message(
    cfg: SmtpConfig, subject: str, text: str, html: str | None, to: Sequence[str]
) -> EmailMessage:
    """The message: text part first, the HTML alternative after it (clients show the last part
    they can render)."""
    msg = EmailMessage()
    msg["Subject"] = " ".join(subject.split())  # no header injection through a newline
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=cfg.sender.rpartition("@")[2] or None)
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def send_mail(
    cfg: SmtpConfig,
    subject: str,
    text: str,
    html: str | None = None,
    to: Sequence[str] | None = None,
) -> list[str]:
    """Send one message to `to` (default: `cfg.recipients`); returns the addresses it went to.
    ConfigError when mail is not configured, MailError when the server fails."""
    recipients = list(to if to is not None else cfg.recipients)
    if not cfg.host:
        raise ConfigError("alerts.smtp.host", "no mail server configured (set [alerts.smtp])")
    if cfg.security not in SECURITY:
        raise ConfigError("alerts.smtp.security", f"expected one of {SECURITY}")
    if not recipients:
        raise ConfigError("alerts.smtp.recipients", "no recipient (set it or name addresses)")
    msg = build_message(cfg, subject, text, html, recipients)
    where = f"{cfg.host}:{cfg.port}"
    try:
        with _connect(cfg) as smtp:
            if cfg.username:
                smtp.login(cfg.username, os.environ.get(cfg.password_env, ""))
            refused = smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(where, f"login refused for {cfg.username!r} ({exc.smtp_code})") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(where, f"every recipient refused: {', '.join(exc.recipients)}") from exc
    except (smtplib.SMTPException, OSError) as exc:  # refused, timed out, dropped, TLS failed
        raise MailError(where, f"{type(exc).__name__}: {exc}") from exc
    return [r for r in recipients if r not in refused]


def _connect(cfg: SmtpConfig) -> smtplib.SMTP:
    if cfg.security == "ssl":
        return smtplib.SMTP_SSL(
            cfg.host, cfg.port, timeout=cfg.timeout, context=ssl.create_default_context()
        )
    smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
    if cfg.security == "starttls":
        try:
            smtp.starttls(context=ssl.create_default_context())
        except BaseException:
            smtp.close()
            raise
    return smtp
