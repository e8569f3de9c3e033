"""How to cite the dataset, one report page or one figure: authors, title, version, sources.

The data release (:mod:`newinfra.present.release`), the workbook's README sheet,
each report page and ``newinfra cite`` all cite through these functions.
"""

from __future__ import annotations

import datetime as dt
from importlib import metadata

import pandas as pd

from newinfra.core.errors import NewinfraError

__all__ = ["dataset_citation", "figure_citation", "page_citation", "project_metadata"]

AUTHORS_FALLBACK = "The newinfra contributors"


def project_metadata() -> dict[str, str]:
    """Title, licence and authors as the installed package declares them (pyproject.toml)."""
    from newinfra.core.version import __version__

    try:
        meta = metadata.metadata("newinfra")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        meta = {}
    return {
        "summary": meta.get("Summary") or "Shanghai's digital-infrastructure plans as sourced data",
        "license": meta.get("License-Expression") or meta.get("License") or "MIT",
        "authors": meta.get("Author") or AUTHORS_FALLBACK,
        "version": __version__,
    }


def dataset_citation(
    version: str | None = None,
    released: str | None = None,
    sources: pd.DataFrame | None = None,
) -> str:
    """The dataset's citation: authors, title, version, release date and its sources."""
    from newinfra.inputs import corpus

    meta = project_metadata()
    version = version or corpus.dataset_version()
    released = released or dt.datetime.now(dt.UTC).date().isoformat()
    sources = corpus.sources() if sources is None else sources
    cited = "; ".join(
        f"{row['publisher']}, {row['title']} ({row['published']})"
        for row in sources.to_dict("records")
    )
    return (
        f"{meta['authors']} ({released[:4]}). newinfra: {meta['summary']}. "
        f"Dataset version {version}, released {released}. Sources: {cited}."
    )


def page_citation(title: str, version: str, generated: str) -> str:
    """How to cite one report page: authors, year, the page's title, the dataset version."""
    meta = project_metadata()
    day = str(generated)[:10]
    return (
        f"{meta['authors']} ({day[:4]}). “{title}”. newinfra: {meta['summary']}. "
        f"Dataset version {version}, report generated {day}."
    )


def figure_citation(target_id: str) -> str:
    """One figure's citation: publisher, title, document number, date, section, quote, dataset.

    A second line gives the sentence around the figure, a third its English gloss if any.
    """
    import difflib

    from newinfra.inputs import corpus
    from newinfra.ledger.targets import targets

    ledger = targets().set_index("target_id")
    if target_id not in ledger.index:
        close = difflib.get_close_matches(target_id, ledger.index.tolist(), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NewinfraError(
            f"no figure with target_id {target_id!r} (ids are source_id:start-end, "
            f"listed by `newinfra targets`){hint}"
        )
    row = ledger.loc[target_id]
    source = corpus.source_record(row["source_id"])
    parts = [str(source["publisher"]), str(source["title"])]
    if isinstance(source.get("doc_number"), str):
        parts.append(source["doc_number"])
    parts.append(str(source["published"]))
    if isinstance(row["section"], str):
        parts.append(f"section {row['section']}")
    citation = ", ".join(parts) + f': "{row["quote"]}"'
    if isinstance(source.get("url"), str):
        citation += f". {source['url']}"
    citation += (
        f". Via newinfra dataset version {corpus.dataset_version()}, figure {target_id} "
        f"(characters {row['start']}-{row['end']} of {row['source_id']})."
    )
    lines = [citation, f"Sentence: {' '.join(row['sentence'].split())}"]
    if isinstance(row["gloss_en"], str):
        lines.append(f"English gloss: {row['gloss_en']}")
    return "\n".join(lines)
