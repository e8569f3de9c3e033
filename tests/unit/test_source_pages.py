"""Source pages: every ledger figure anchored and described, the text escaped, links agree."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newinfra.present import links, source_pages


def test_anchor_keeps_only_safe_characters():
    assert links.anchor("plan-zh:12-15") == "plan-zh-12-15"
    assert links.anchor("a b/c:1-2") == "a-b-c-1-2"
    assert re.fullmatch(r"[A-Za-z0-9_-]+", links.anchor("源:1-2"))


def test_source_href_points_into_the_source_page():
    assert links.source_href("doc-en:3-9") == "sources/doc-en.html#doc-en-3-9"
    assert links.source_href("doc-en:3-9", prefix="../") == "../sources/doc-en.html#doc-en-3-9"


def _span(target_id, start, end, **extra):
    row = {
        "target_id": target_id, "source_id": "s", "start": start, "end": end, "kind": "target",
        "metric_label": "Base stations", "value": 5.0, "value_high": float("nan"),
        "comparator": ">=", "unit": "count", "horizon_year": 2026, "commitment": "firm",
        "gloss_en": float("nan"),
    }  # fmt: skip
    return {**row, **extra}


def test_text_parts_mark_every_figure_and_keep_the_text():
    text = "We build 5 <b> stations and 7 more."
    spans = pd.DataFrame([_span("s:9-10", 9, 10), _span("s:28-29", 28, 29, gloss_en="seven")])
    parts = source_pages.text_parts(text, spans)
    assert "".join(p["text"] for p in parts) == text
    marked = [p for p in parts if p["id"]]
    assert [p["id"] for p in marked] == ["s-9-10", "s-28-29"]
    assert [p["text"] for p in marked] == ["5", "7"]
    assert "Base stations: >= 5" in marked[0]["title"]
    assert marked[1]["title"].endswith("English: seven")


def test_overlapping_figures_keep_their_anchor():
    spans = pd.DataFrame([_span("s:0-5", 0, 5), _span("s:2-3", 2, 3)])
    parts = source_pages.text_parts("12345 rest", spans)
    assert [p["id"] for p in parts if p["id"]] == ["s-0-5", "s-2-3"]
    assert "".join(p["text"] for p in parts) == "12345 rest"


def test_every_source_page_anchors_every_figure_and_names_its_url(tmp_path):
    import newinfra as ni

    paths = source_pages.write_source_pages(tmp_path)
    ledger = ni.targets()
    sources = ni.sources().set_index("source_id")
    for path in paths:
        page = path.read_text(encoding="utf-8")
        source_id = path.stem
        ids = set(re.findall(r' id="([^"]+)"', page))
        expected = {
            links.anchor(t) for t in ledger.loc[ledger["source_id"] == source_id, "target_id"]
        }
        assert expected <= ids
        # add-plan leaves --url optional: a source without an address says so.
        url = sources.loc[source_id, "url"]
        if isinstance(url, str) and url:
            assert url.startswith("http")
            assert html.escape(url) in page
        else:
            assert "(no address recorded)" in page
        assert "<script" not in page


def test_source_page_shows_markup_in_the_text_as_written():
    payload = "<img src=x onerror=alert(1)>"
    text = f"Build 5 {payload} stations."
    spans = pd.DataFrame([_span("s:6-7", 6, 7, gloss_en=f'five "{payload}"')])
    page = source_pages._template().render(
        lang="en", title=f"T {payload}", url="https://example.org/?a=1&b=2", publisher=payload,
        published="2023-01-01", kind="news", official=False, plan="p", note=payload,
        file="f.txt", sha256="0" * 64, n_figures=1,
        parts=source_pages.text_parts(text, spans),
    )  # fmt: skip
    assert "<img" not in page
    assert html.escape(payload, quote=False) in page
    assert 'href="https://example.org/?a=1&amp;b=2"' in page


def test_extra_anchors_land_before_or_between_figures():
    text = "abc 5 def 7 ghi"
    spans = pd.DataFrame([_span("s:4-5", 4, 5), _span("s:10-11", 10, 11)])
    anchors = [
        {"id": "t-0-3", "start": 0, "title": "theme"},
        {"id": "t-4-5x", "start": 4, "title": "inside the figure"},
        {"id": "t-12-15", "start": 12, "title": "after"},
    ]
    parts = source_pages.text_parts(text, spans, anchors)
    assert "".join(p["text"] for p in parts) == text
    ids = [p["id"] for p in parts if p["id"]]
    assert ids == ["t-0-3", "t-4-5x", "s-4-5", "s-10-11", "t-12-15"]
    position = 0
    for part in parts:
        if part["id"] == "t-12-15":
            assert text[position:].startswith("ghi")
        position += len(part["text"])


def _header(url: str) -> str:
    page = source_pages._template().render(
        lang="en", title="T", url=url, publisher="P", published="2023-01-01", kind="news",
        official=False, plan="p", note="", file="f.txt", sha256="0" * 64, n_figures=0, parts=[],
    )  # fmt: skip
    return page.split("<main>")[0]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/path",
        "http:alert(1)",
        "https://",
    ],
)
def test_an_address_that_is_not_http_is_shown_as_text_not_a_link(url):
    # Was: add-plan --url "javascript:alert(document.domain)" became a live link.
    header = _header(url)
    assert header.count("<a ") == 1, header  # only the page's own link to the index
    assert html.escape(url, quote=False) in header


@pytest.mark.parametrize(
    "url", ["http://example.org/a?b=1&c=2", "https://example.org/", "HTTPS://Example.org/x"]
)
def test_a_web_address_is_a_link(url):
    assert f'<a href="{html.escape(url)}">' in _header(url)


@given(st.text(max_size=40))
def test_no_address_becomes_a_link_but_a_web_one(url):
    header = _header(url)
    hrefs = re.findall(r'<a href="([^"]*)"', header)
    assert all(h == "../index.html" or re.match(r"https?://[^\s]", h, re.I) for h in hrefs)


def test_a_source_page_names_its_plan_by_title_and_no_id_outside_code():
    import newinfra as ni

    for source_id, plan_id in ni.sources()[["source_id", "plan_id"]].itertuples(index=False):
        page = source_pages.render_source_page(source_id)
        header = re.search(r"<header>.*?</header>", page, flags=re.S).group(0)
        outside_code = re.sub(r"<code>.*?</code>|<[^>]+>", " ", header)
        assert plan_id not in outside_code and source_id not in outside_code, source_id
        assert "Action Plan" in outside_code or "plans to" in outside_code
