"""Checks of single cells that the schemas share: web addresses, file names, dates."""

from __future__ import annotations

import datetime
import urllib.parse

__all__ = ["is_plain_file_name", "is_real_date", "is_web_url"]


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an http(s) address with a host (the only links pages may carry)."""
    try:
        parts = urllib.parse.urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def is_plain_file_name(text: str) -> bool:
    """A file name inside its folder: no folder part, not absolute, not ``.`` or ``..``."""
    return text not in ("", ".", "..") and not any(c in text for c in "/\\\0")


def is_real_date(text: str) -> bool:
    """An ISO date (YYYY-MM-DD) that exists in the calendar."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
