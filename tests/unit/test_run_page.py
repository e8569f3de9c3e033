"""run.html: what it says of each report's files."""

from __future__ import annotations

from newinfra.report import publish


def test_the_figures_link_counts_figures_and_every_file_saved():
    files = [f"r_figures/fig0{n}.{ext}" for n in (1, 2, 3) for ext in ("png", "svg", "csv")]
    run = {"html": "r.html", "ipynb": None, "figures": files}
    figures = [link for link in publish._links(run) if link["label"] == "figures"]
    assert figures == [{"label": "figures", "href": "r_figures/", "note": " (3 figures, 9 files)"}]
    one = {"html": None, "ipynb": None, "figures": ["r_figures/fig01.png"]}
    assert publish._links(one)[0]["note"] == " (1 figure, 1 file)"
