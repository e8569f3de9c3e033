"""methodology.html: what the verdicts, bounds, flows, classes and definition changes mean.

Published with every report run, beside the reports. Each verdict class has
its own anchor (``#verdict-<class>``, :func:`newinfra.present.badges.class_anchor`),
which the badges of *not reported* and *pending* link to; the evidence key,
bounds, flows, classes, ranges and definition changes have theirs
(``#evidence-key``, ``#bounds``, ``#flows``, ``#classes``, ``#ranges``,
``#definition-changes``). The definitions are the library's own
(:data:`newinfra.analysis.verdicts.VERDICT_DEFINITIONS`, data/families.csv and
data/metrics.csv), so the page cannot drift from what the tables compute.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from newinfra.analysis.verdicts import VERDICT_DEFINITIONS, VERDICTS
from newinfra.core.atomic import atomic_write_text
from newinfra.inputs import corpus, curation
from newinfra.inputs.families import families
from newinfra.inputs.reader_words import doc_type_words
from newinfra.inputs.vocabulary import DOC_TYPES
from newinfra.present.badges import METHODOLOGY_PAGE, badge_css, badge_html, class_anchor

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("methodology.html.j2")


def _families() -> list[dict]:
    """Each family with its members: the definitions a comparison across members names."""
    metrics = curation.metrics()
    rows = []
    for family in families().itertuples(index=False):
        members = metrics[metrics["family"] == family.family]
        rows.append(
            {
                "label": family.label_en,
                "label_zh": family.label_zh,
                "definition": family.definition,
                "members": [
                    {"label": m.label_en, "definition": m.definition, "nature": m.nature}
                    for m in members.itertuples(index=False)
                ],
            }
        )
    return rows


def render_methodology(as_of: str | None = None) -> str:
    """The methodology page, as HTML (every value escaped)."""
    classes = [
        {
            "id": class_anchor(v),
            "badge": badge_html(v, None, text=v),
            "name": v,
            "definition": VERDICT_DEFINITIONS[v],
        }
        for v in VERDICTS
    ]
    return _template().render(
        as_of=as_of or "the run date",
        dataset=corpus.dataset_version(),
        classes=classes,
        doc_types=[doc_type_words()[d] for d in DOC_TYPES],
        families=_families(),
        badge_css=badge_css(),
    )


def write_methodology(folder: str | Path, as_of: str | None = None) -> Path:
    """Write ``methodology.html`` into a run folder; its path."""
    path = Path(folder) / METHODOLOGY_PAGE
    atomic_write_text(path, render_methodology(as_of))
    return path
