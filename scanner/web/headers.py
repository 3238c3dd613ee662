"""Security headers on every response the pages' own `render` did not already cover.

Pages rendered by `scanner.web.rendering.render` carry a nonce-based Content-Security-Policy;
stored bulletins carry a script-free one. What is left — the OpenAPI pages that FastAPI writes
(/docs, /redoc and its OAuth redirect page), JSON, downloads — gets one here: an HTML page
may run scripts from this origin and the inline scripts it was sent with (their SHA-256
hashes, computed on the way out), nothing else; every other response may run nothing at all.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL | re.IGNORECASE)
MAX_BUFFERED = 2_000_000  # an HTML page larger than this gets the strict policy unread
STRICT = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"


def html_policy(body: bytes) -> str:
    """The policy of an HTML page we did not render: its own inline scripts by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() + "'"
        for m in INLINE_SCRIPT.finditer(body)
    )
    return (
        f"default-src 'none'; script-src 'self' {hashes}".rstrip()
        + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'"
    )


class DefaultSecurityHeaders:
    """Adds Content-Security-Policy (when missing) and X-Content-Type-Options to responses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []  # an HTML page's start and body, until its policy is known

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if "content-security-policy" in headers:
                    await send(message)
                elif headers.get("content-type", "").startswith("text/html"):
                    held.append(message)
                else:
                    headers["Content-Security-Policy"] = STRICT
                    await send(message)
                return
            if not held or message["type"] != "http.response.body":
                await send(message)
                return
            held.append(message)
            body = b"".join(m.get("body", b"") for m in held[1:])
            if message.get("more_body") and len(body) <= MAX_BUFFERED:
                return
            start = held[0]
            policy = STRICT if message.get("more_body") else html_policy(body)
            MutableHeaders(scope=start)["Content-Security-Policy"] = policy
            await send(start)
            for part in held[1:]:
                await send(part)
            held.clear()

        await self.app(scope, receive, guarded_send)
