"""Verdict badges: one look and one link for a verdict wherever a page shows it.

A badge is ``<a class="verdict verdict-<class>">``. It links to its deciding
evidence, the status's anchor in its source page
(:func:`newinfra.present.links.source_href`), or, for a verdict without
evidence (*not reported*, *pending*), to the class's definition on
``methodology.html`` (:func:`class_href`). Only *met* and *met early* are
green (:data:`VERDICT_COLOURS`, the one definition of the badge colours).
"""

from __future__ import annotations

from newinfra.analysis.verdict_classes import VERDICT_DEFINITIONS
from newinfra.inputs.vocabulary import COMMITMENTS
from newinfra.present.links import source_href
from newinfra.present.markup import html_escape

METHODOLOGY_PAGE = "methodology.html"
#: Background and text colour of each verdict's badge: green only for the same metric in time.
VERDICT_COLOURS = {
    "met early": ("#1a7f37", "#ffffff"),
    "met": ("#1a7f37", "#ffffff"),
    "reached later": ("#fff1c2", "#3d2e00"),
    "on a related measure": ("#ddf4ff", "#0a3069"),
    "not met": ("#b42318", "#ffffff"),
    "not reported": ("#eaeef2", "#1f2328"),
    "pending": ("#f6f8fa", "#57606a"),
}


def slug(verdict: str) -> str:
    """A verdict as an HTML class or id part: 'on a related measure' is 'on-a-related-measure'."""
    return str(verdict).replace(" ", "-")


def class_anchor(verdict: str) -> str:
    """The id of a verdict class's definition on the methodology page."""
    return f"verdict-{slug(verdict)}"


def class_href(verdict: str, prefix: str = "") -> str:
    """The link to a verdict class's definition: ``methodology.html#verdict-pending``."""
    return f"{prefix}{METHODOLOGY_PAGE}#{class_anchor(verdict)}"


def verdict_href(verdict: str, decided_by=None, prefix: str = "") -> str:
    """Where a badge links: its deciding evidence, else its class's definition."""
    if isinstance(decided_by, str) and decided_by:
        return source_href(decided_by, prefix)
    return class_href(verdict, prefix)


def badge_style(verdict: str) -> str:
    """The inline style of a badge (pages whose stylesheet is not ours, such as notebooks)."""
    background, colour = VERDICT_COLOURS.get(verdict, ("#eaeef2", "#1f2328"))
    return (
        f"background:{background};color:{colour};border-radius:3px;padding:0 4px;"
        "text-decoration:none"
    )


#: The wording scale's colours, ColorBrewer Purples, darkest for the firmest, in the order of
#: ``COMMITMENTS``: the one definition the charts, the badges and the tables use.
WORDING_COLOURS = dict(zip(COMMITMENTS, ["#3f007d", "#6a51a3", "#9e9ac8", "#dadaeb"], strict=True))


def wording_text_colour(wording: str) -> str:
    """The text colour readable on a wording's colour: white on the two darkest."""
    return "white" if COMMITMENTS.index(wording) < 2 else "black"


def badge_css() -> str:
    """CSS rules for the badges of a page with its own stylesheet."""
    rules = [
        f"a.verdict.verdict-{slug(v)} {{ background: {bg}; color: {fg}; }}"
        for v, (bg, fg) in VERDICT_COLOURS.items()
    ]
    rules += [
        f".badge.wording-{w} {{ background: {c}; color: {wording_text_colour(w)}; }}"
        for w, c in WORDING_COLOURS.items()
    ]
    return "\n".join(
        ["a.verdict { border-radius: 3px; padding: 0 4px; text-decoration: none; }", *rules]
    )


def badge_html(
    verdict: str,
    decided_by=None,
    prefix: str = "",
    text: str | None = None,
    note: str = "",
    target_id=None,
) -> str:
    """A verdict badge: the verdict (or ``text``), coloured, linked to its evidence or class.

    ``target_id`` (the judged target) goes in ``data-target``, so a page's badges can be
    matched with another page's.
    """
    title = note or VERDICT_DEFINITIONS.get(verdict, "")
    target = f' data-target="{html_escape(target_id)}"' if isinstance(target_id, str) else ""
    return (
        f'<a class="verdict verdict-{html_escape(slug(verdict))}"{target} '
        f'href="{html_escape(verdict_href(verdict, decided_by, prefix))}" '
        f'title="{html_escape(title)}" style="{badge_style(verdict)}">'
        f"{html_escape(text or verdict)}</a>"
    )
