"""Text from the data shown literally: in HTML, in Markdown and in matplotlib."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from matplotlib import cbook
from matplotlib.figure import Figure
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from newinfra.present.markup import html_escape, markdown, md_escape, mpl_escape

PAYLOADS = [
    "Data<img src=x onerror=alert(3)>",
    "<script>alert(1)</script>",
    "[link](javascript:alert(1))",
    "# heading",
    "1. item",
    "- item",
    "x_y_z *b* `c` ~~d~~",
    "$x^2$",
    "a & b; &lt; stays text",
    "<!-- comment -->",
    "line one\n\n# line two",
    r"back\slash and \$",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def rendered(markdown_text: str) -> _Elements:
    parser = _Elements()
    parser.feed(markdown2html_mistune(markdown_text))
    return parser


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_shows_data_as_written(payload):
    page = rendered(md_escape(payload))
    assert page.tags == ["p"]
    assert page.text.strip() == " ".join(payload.splitlines()).strip()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_escape_leaves_no_tag(payload):
    parser = _Elements()
    parser.feed(f"<td>{html_escape(payload)}</td>")
    assert parser.tags == ["td"] and parser.text == payload


def test_markdown_template_escapes_values_only():
    shown = markdown("**Domain: {label}** ({n})", label="Data<img src=x onerror=alert(3)>", n=3)
    page = rendered(shown.data)
    assert page.tags == ["p", "strong"]
    assert page.text.strip() == "Domain: Data<img src=x onerror=alert(3)> (3)"
    with pytest.raises(KeyError, match="label"):
        markdown("{label}")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_matplotlib_draws_data_literally(payload):
    fig = Figure()
    ax = fig.subplots()
    title = ax.set_title(mpl_escape(payload))
    assert not cbook.is_math_text(title.get_text())
    fig.draw_without_rendering()
    # What is drawn once the escapes are read is the payload itself.
    assert title._preprocess_math(title.get_text()) == (payload, False)
