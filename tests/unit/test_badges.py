"""Verdict badges: one colour per class, green only for met and met early, always a link."""

from __future__ import annotations

import re

from newinfra.analysis.verdict_classes import GREEN, VERDICT_DEFINITIONS, VERDICTS
from newinfra.present.badges import VERDICT_COLOURS, badge_html, class_href, verdict_href


def test_every_class_has_a_colour_and_a_definition_and_only_met_is_green():
    assert list(VERDICT_COLOURS) == VERDICTS
    assert list(VERDICT_DEFINITIONS) == VERDICTS
    green = {v for v, (background, _) in VERDICT_COLOURS.items() if background == "#1a7f37"}
    assert green == set(GREEN)


def test_a_badge_links_to_its_evidence_or_else_to_its_class():
    assert verdict_href("met", "src-en:10-20", "../") == "../sources/src-en.html#src-en-10-20"
    assert verdict_href("pending", None) == "methodology.html#verdict-pending"
    assert class_href("on a related measure") == "methodology.html#verdict-on-a-related-measure"
    badge = badge_html("not reported", float("nan"), text="not <reported>", target_id="t:1-2")
    assert badge.startswith('<a class="verdict verdict-not-reported" data-target="t:1-2" ')
    assert 'href="methodology.html#verdict-not-reported"' in badge
    assert re.search(r">not &lt;reported&gt;</a>$", badge)
