"""Pages of the sources: the full text of each seed with every ledger figure highlighted.

``sources/<source_id>.html`` in a run folder shows the manifest's facts (its
URL first), then the text, escaped, with each figure of ``ni.targets()`` in a
``<mark>`` whose ``id`` is the figure's anchor (:func:`newinfra.present.links.anchor`)
and whose ``title`` gives its metric, value and, for Chinese, the English gloss.
Reports link to these anchors with :func:`newinfra.present.links.source_href`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import jinja2
import pandas as pd

from newinfra.analysis.citations import figure_citations
from newinfra.core.atomic import atomic_write_text
from newinfra.core.urls import is_web_url
from newinfra.inputs import corpus
from newinfra.inputs.reader_words import doc_type_words
from newinfra.ledger.targets import targets
from newinfra.present.links import SOURCES_FOLDER, anchor, page_name
from newinfra.present.tables import decimal_format
from newinfra.present.words import plan_title

TEMPLATES = Path(__file__).resolve().parent / "templates"
_KIND_LABELS = {"target": "target", "baseline": "reported status", "budget": "budget"}


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.tests["web_address"] = is_web_url  # `{% if url is web_address %}`: a link
    return env.get_template("source.html.j2")


def figure_title(row: pd.Series) -> str:
    """What a highlighted figure means, as plain text: metric, value, year and gloss."""
    value = decimal_format(float(row["value"])) if pd.notna(row["value"]) else ""
    if pd.notna(row.get("value_high")):
        value += f"-{decimal_format(float(row['value_high']))}"
    comparator = row["comparator"] if isinstance(row["comparator"], str) else ""
    comparator = "" if comparator in ("=", "==") else f"{comparator} "
    kind = _KIND_LABELS.get(row["kind"], row["kind"])
    unit = "" if row["unit"] == "count" else f" {row['unit']}"
    wording = row["commitment"] if isinstance(row["commitment"], str) else ""
    wording = f", worded {wording}" if wording and row["kind"] == "target" else ""
    text = (
        f"{row['metric_label']}: {comparator}{value}{unit} "
        f"({kind}, {int(row['horizon_year'])}{wording})"
    )
    gloss = row.get("gloss_en")
    if isinstance(gloss, str) and gloss.strip():
        text += f" | English: {gloss.strip()}"
    cited = row.get("citation")
    if isinstance(cited, str) and cited:
        text += f" | Cite: {cited}"
    return text


def text_parts(
    text: str, spans: pd.DataFrame, anchors: list[dict] | None = None
) -> list[dict[str, str]]:
    """The text cut into plain runs and highlighted figures, in order.

    A figure that overlaps the one before it keeps its anchor (an empty element
    where it starts), so every link still lands on it. ``anchors`` (``id``,
    ``start``, ``title``) are further places a report links to, such as the
    first mention of a technology theme: an empty element where each starts,
    or just before the figure it falls in.
    """
    pending = sorted(anchors or [], key=lambda a: a["start"])
    parts: list[dict[str, str]] = []
    cursor = 0

    def plain_until(stop: int) -> None:
        nonlocal cursor
        while pending and pending[0]["start"] < stop:
            place = max(pending[0]["start"], cursor)
            parts.append({"id": "", "text": text[cursor:place]})
            parts.append({**pending.pop(0), "kind": "anchor", "text": ""})
            cursor = place
        parts.append({"id": "", "text": text[cursor:stop]})
        cursor = max(cursor, stop)

    for row in spans.sort_values(["start", "end"]).to_dict("records"):
        start, end = int(row["start"]), int(row["end"])
        mark = {"id": anchor(row["target_id"]), "kind": row["kind"], "title": figure_title(row)}
        if start < cursor:
            parts.append({**mark, "text": ""})
            continue
        plain_until(start)
        while pending and pending[0]["start"] < end:
            # An anchor inside the figure goes just before it.
            parts.append({**pending.pop(0), "kind": "anchor", "text": ""})
        parts.append({**mark, "text": text[start:end]})
        cursor = end
    plain_until(len(text))
    return parts


def theme_anchors(source_id: str, taken: set[str]) -> list[dict]:
    """Anchors for every technology-theme mention in a source (reports link to first mentions)."""
    from newinfra.analysis import themes

    matches = themes.theme_matches(themes.vocabulary()["term_id"].tolist())
    found = []
    for row in matches[matches["source_id"] == source_id].to_dict("records"):
        name = anchor(f"{source_id}:{int(row['start'])}-{int(row['end'])}")
        if name not in taken:
            taken.add(name)
            found.append({"id": name, "start": int(row["start"]), "title": row["label_en"]})
    return found


def render_source_page(source_id: str, ledger: pd.DataFrame | None = None) -> str:
    """The HTML page of one source, its ledger figures highlighted and anchored."""
    ledger = targets() if ledger is None else ledger
    record = corpus.source_record(source_id)
    plans = corpus.plans().set_index("plan_id")
    spans = ledger[ledger["source_id"] == source_id]
    spans = spans.assign(citation=spans["target_id"].map(figure_citations()))
    language = str(record["language"])
    plan_id = record["plan_id"]
    plan = plan_id if plan_id in plans.index else None
    return _template().render(
        lang="zh" if language.startswith("zh") else language,
        title=record["title"],
        url=record["url"] if isinstance(record["url"], str) else "",
        publisher=record["publisher"],
        published=str(record["published"])[:10],
        kind=doc_type_words()[record["doc_type"]],
        official=str(record["official"]).strip().lower() == "true",
        plan=plan_title(plan_id) if plan is not None else "",
        note=record["note"] if isinstance(record["note"], str) else "",
        file=record["file"],
        sha256=record["sha256"],
        n_figures=len(spans),
        parts=text_parts(
            corpus.source_text(source_id),
            spans,
            theme_anchors(source_id, {anchor(t) for t in spans["target_id"]}),
        ),
    )


def write_source_pages(folder: str | Path, source_ids: Iterable[str] | None = None) -> list[Path]:
    """Write ``sources/<source_id>.html`` under ``folder`` for every source; their paths."""
    folder = Path(folder)
    (folder / SOURCES_FOLDER).mkdir(parents=True, exist_ok=True)
    ledger = targets()
    written = []
    for source_id in corpus.source_ids() if source_ids is None else source_ids:
        path = folder / page_name(source_id)
        atomic_write_text(path, render_source_page(source_id, ledger))
        written.append(path)
    return written
