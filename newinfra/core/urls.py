"""Which addresses the project may turn into links: absolute http(s) addresses only."""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


def is_web_url(text: str) -> bool:
    """True for an absolute ``http://`` or ``https://`` address with a host, nothing else.

    ``javascript:``, ``data:``, ``file:`` and every other scheme run code or read
    local files when clicked, so they are refused; so is any space or control
    character, which browsers strip or act on before reading the scheme.
    """
    if not isinstance(text, str) or not text:
        return False
    if any(c.isspace() or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host)
