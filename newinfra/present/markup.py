"""Text from the data made safe for the places a report shows it.

Labels, titles, notes and quotes come from files an analyst edits, so they may
hold anything: ``<``, ``&``, Markdown syntax, or a ``$…$`` pair. Wherever such
text reaches a report it goes through one of these functions, so that it is
shown exactly as written and never read as markup:

- :func:`html_escape` for HTML (tables, headings);
- :func:`md_escape` and :func:`markdown` for Markdown that a notebook displays;
- :func:`mpl_escape` for text drawn by matplotlib (titles, ticks, legends,
  captions), where a ``$…$`` pair would otherwise become mathtext.
"""

from __future__ import annotations

import html
import re
from string import Formatter

from IPython.display import Markdown

# Characters with a meaning anywhere in a line of Markdown (CommonMark lets any ASCII
# punctuation be escaped by a backslash); <, > and & become HTML entities first.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~$])")
# A list item or a heading begins the text: "- a", "+ a", "1. a" would become a list.
_BLOCK_START = re.compile(r"^(\s*(?:\d+)?)([-+.])")


def html_escape(value) -> str:
    """``value`` as HTML text: ``&``, ``<``, ``>`` and quotes as entities."""
    return html.escape(str(value), quote=True)


def md_escape(value) -> str:
    """``value`` as literal Markdown text: no tag, emphasis, link, heading or maths in it.

    Line breaks become spaces, so the text stays inside the line it is put in.
    """
    text = html.escape(" ".join(str(value).splitlines()), quote=False)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(r"\1\\\2", text)


def markdown(template: str, /, **values) -> Markdown:
    """A Markdown display of ``template`` with each ``{name}`` filled by ``values``, escaped.

    The template is the notebook's own Markdown; only the values (from the data)
    are escaped: ``markdown("**Domain: {label}**", label=row["label_en"])``.
    """
    names = {field for _, field, _, _ in Formatter().parse(template) if field}
    missing = names - set(values)
    if missing:
        raise KeyError(f"no value for {', '.join(sorted(missing))}")
    return Markdown(template.format(**{k: md_escape(v) for k, v in values.items()}))


def mpl_escape(value) -> str:
    """``value`` as text matplotlib draws literally: every ``$`` escaped, so no mathtext."""
    return str(value).replace("$", r"\$")
