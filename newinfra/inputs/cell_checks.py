"""Checks of single cells that the schemas share: web addresses, file names, dates."""

from __future__ import annotations

import datetime

from newinfra.core.urls import is_web_url

__all__ = ["is_plain_file_name", "is_real_date", "is_web_url"]


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
