"""Whole tables shown as interactive ones in the reports: sort, filter and search.

:func:`show` displays a table styled by :func:`newinfra.present.tables.table`
as an itables DataTable, ``n`` rows a page; :func:`collapsed` folds one under
a one-line summary. itables runs in offline mode: its JavaScript is embedded
in the notebook by :func:`newinfra.present.tables.use_interactive_tables`, so
the exported page needs no network.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, display
from pandas.io.formats.style import Styler

from newinfra.present.markup import html_escape
from newinfra.present.tables import table
from newinfra.present.words import plural

__all__ = ["collapsed", "interactive_html", "show"]

#: Room for text to wrap: DataTables' default classes keep every cell on one line.
_INTERACTIVE_CSS = """<style>
.ni-itable { max-width: 100%; }
.ni-itable table.dataTable { width: 100% !important; }
.ni-itable table.dataTable td, .ni-itable table.dataTable th {
  white-space: normal; min-width: 0 !important; overflow-wrap: break-word; }
.ni-itable .dt-column-header { flex-wrap: wrap; }
.ni-itable .dt-column-order { flex: 0 0 auto; min-width: 12px; }
.ni-itable details summary { cursor: pointer; }
</style>"""


def interactive_html(frame: pd.DataFrame, caption: str, page_length: int = 20) -> str:
    """A table as an itables DataTable over our own escaped HTML (sort, filter, search)."""
    import itables

    styled = table(frame, caption=caption)
    # itables recognises a Styler by its class name; its plain-text repr is not needed here.
    styled.__class__ = Styler
    # itables renders a Styler's own HTML: the escaping is ours, the library adds no markup.
    body = itables.to_html_datatable(
        styled,
        table_id=f"T_{styled.uuid}",
        allow_html=True,
        connected=False,
        classes="display compact",
        style="width:100%;table-layout:auto;caption-side:top",
        pageLength=page_length,
        lengthMenu=sorted({10, 20, 50, 100, page_length}),
        layout={
            "topStart": "pageLength",
            "topEnd": "search",
            "bottomStart": "info",
            "bottomEnd": "paging",
        },
        autoWidth=False,
    )
    return f'{_INTERACTIVE_CSS}<div class="ni-itable">{body}</div>'


def show(frame: pd.DataFrame, n: int, order: str) -> None:
    """Display a whole sorted table, interactive, ``n`` rows a page, saying how it is sorted."""
    note = f"{plural(len(frame), 'row')}, sorted by {order}"
    note += f"; {n} a page: sort, filter or search below." if len(frame) > n else "."
    if frame.empty:
        display(HTML("<p><em>None in the data.</em></p>"))
        return
    display(HTML(interactive_html(frame, note, page_length=n)))


def collapsed(frame: pd.DataFrame, summary: str, n: int, order: str) -> None:
    """Display a whole table as :func:`show` does, folded under a one-line summary (an appendix)."""
    note = f"{plural(len(frame), 'row')}, sorted by {order}"
    note += f"; {n} a page: sort, filter or search below." if len(frame) > n else "."
    body = interactive_html(frame, note, page_length=n) if len(frame) else ""
    display(HTML(f"<details><summary>{html_escape(summary)}</summary>{body}</details>"))
