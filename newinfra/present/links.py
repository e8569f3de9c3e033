"""Links from a report to the evidence: one anchor per ledger figure in its source's page.

A figure's anchor is its ``target_id`` with every character outside
``[A-Za-z0-9_-]`` replaced by ``-`` (:func:`anchor`); its source page is
``sources/<source_id>.html`` in the run folder (:func:`source_href`). Every
page that links to a figure builds the link here, so the two never disagree.

An address from the data (a source's URL) becomes a link only when it is a web
address, ``http://`` or ``https://`` and a host (:func:`newinfra.core.urls.is_web_url`);
anything else (``javascript:``, ``data:``, ``file:``...) is shown as text.
"""

from __future__ import annotations

import re

SOURCES_FOLDER = "sources"
_OUTSIDE_ANCHOR = re.compile(r"[^A-Za-z0-9_-]")


def anchor(target_id: str) -> str:
    """The HTML ``id`` of a figure in its source page: ``a:1-2`` becomes ``a-1-2``."""
    return _OUTSIDE_ANCHOR.sub("-", str(target_id))


def source_of(target_id: str) -> str:
    """The source a target id points into (``<source_id>:<start>-<end>``)."""
    return str(target_id).rsplit(":", 1)[0]


def page_name(source_id: str) -> str:
    """A source page's path relative to the run folder."""
    return f"{SOURCES_FOLDER}/{source_id}.html"


def source_href(target_id: str, prefix: str = "") -> str:
    """The link from a report page to a figure: ``sources/<source_id>.html#<anchor>``.

    ``prefix`` is the path from the linking page to the run folder (``""`` for the
    report pages, which sit in it; ``"../"`` for a page one folder down).
    """
    return f"{prefix}{page_name(source_of(target_id))}#{anchor(target_id)}"
