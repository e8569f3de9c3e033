"""A citation for every figure: who published it, the document (its number where it has one),
its date and the place in the document's structure, ready to paste under a quote.

"上海市人民政府 (Shanghai Municipal People's Government), 滬府〔2023〕51號 (2023-09-15),
二、主要任務 > (五)… > 25.…": the ledger's section path with the document's own title left
out, each heading cut to a readable length.
"""

from __future__ import annotations

import pandas as pd

from newinfra.core.cache import cached_by_fingerprint
from newinfra.inputs import corpus
from newinfra.ledger.targets import targets

#: Longest heading kept whole in a citation's section path.
HEADING_CHARS = 40


def _short(heading: str) -> str:
    heading = " ".join(heading.split())
    return heading if len(heading) <= HEADING_CHARS else heading[: HEADING_CHARS - 1] + "…"


def section_path(section: str, titles: set[str]) -> str:
    """A ledger section path without the document's own title, each heading shortened."""
    parts = [p.strip() for p in str(section).split(" > ") if p.strip()]
    kept = [p for p in parts if p not in titles and not any(p.startswith(t) for t in titles if t)]
    return " > ".join(_short(p) for p in kept)


def document_name(source: pd.Series) -> str:
    """Publisher, document number (else its title) and date, as a citation opens."""
    number = source.get("doc_number")
    named = number if isinstance(number, str) and number.strip() else source.get("title")
    return f"{source['publisher']}, {named} ({source['published']})"


@cached_by_fingerprint
def _citations() -> pd.Series:
    ledger = targets()
    sources = corpus.sources().set_index("source_id")
    plans = corpus.plans().set_index("plan_id")
    out = {}
    for row in ledger.itertuples(index=False):
        source = sources.loc[row.source_id]
        titles = {str(source.get("title", ""))}
        if source.get("plan_id") in plans.index:
            plan = plans.loc[source["plan_id"]]
            titles |= {str(plan.get("title_en", "")), str(plan.get("title_zh", ""))}
        titles.discard("")
        place = section_path(row.section, titles) if isinstance(row.section, str) else ""
        out[row.target_id] = document_name(source) + (f", {place}" if place else "")
    return pd.Series(out, name="citation", dtype=object)


def figure_citations() -> pd.Series:
    """Per ledger ``target_id``: the figure's citation string."""
    return _citations().copy()
