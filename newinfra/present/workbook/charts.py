"""The Charts sheet: one small native Excel chart per metric family, linked to the Comparison sheet.

Each chart plots a family's targets (value_std by horizon_year), one series
per place (the legend names it), each point in its plan's colour, reading its
points from the Comparison sheet's cells, so a number corrected there moves its
point in Excel or LibreOffice. Places never share a series.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.chart.marker import DataPoint, Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from newinfra.inputs import corpus
from newinfra.present.workbook.writer import set_print_layout

CHARTS_PER_ROW = 3
CHART_WIDTH_CM = 9.0
CHART_HEIGHT_CM = 6.5
# Anchor steps in cells for the default column width (about 1.7 cm) and row height (0.53 cm).
COLUMN_STEP = 6
ROW_STEP = 14
FIRST_ROW = 3
# One marker per place in a chart: the legend names each.
SYMBOLS = ("circle", "square", "diamond", "triangle", "x", "star")


def _small_title(text: str) -> Title:
    """A 10-point bold title: the default 14 points wraps a family's name over three lines."""
    size = CharacterProperties(sz=1000, b=True)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=size), r=[RegularTextRun(rPr=size, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _family_chart(
    source: Worksheet,
    rows: pd.DataFrame,
    title: str,
    colours: Mapping[str, str],
    labels: Mapping[str, str],
) -> ScatterChart:
    """``rows`` are one family's target rows, with ``sheet_row`` their row on ``source``."""
    header = [c.value for c in source[1]]
    x_col = header.index("horizon_year") + 1
    y_col = header.index("value_std") + 1
    chart = ScatterChart()
    chart.title = _small_title(title)
    chart.style = 13
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    chart.y_axis.title = " / ".join(dict.fromkeys(rows["unit_std"].dropna().astype(str)))
    chart.y_axis.number_format = "#,##0.##"
    chart.x_axis.number_format = "0"
    chart.x_axis.scaling.min = int(rows["horizon_year"].min()) - 1
    chart.x_axis.scaling.max = int(rows["horizon_year"].max()) + 1
    chart.x_axis.majorUnit = 1 if chart.x_axis.scaling.max - chart.x_axis.scaling.min < 8 else 5
    chart.y_axis.scaling.min = 0
    # openpyxl 3.1 marks axes as deleted unless told otherwise: Excel then draws no labels.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.majorGridlines = None
    chart.legend.position = "b"
    for number, (place, place_rows) in enumerate(rows.groupby("place", sort=False)):
        first, last = int(place_rows["sheet_row"].min()), int(place_rows["sheet_row"].max())
        y_values = Reference(source, min_col=y_col, min_row=first, max_row=last)
        x_values = Reference(source, min_col=x_col, min_row=first, max_row=last)
        series = Series(y_values, x_values, title=str(place))
        series.marker.symbol = SYMBOLS[number % len(SYMBOLS)]
        series.marker.size = 8
        series.graphicalProperties.line.noFill = True  # points only: plans are not a line
        for index, plan_id in enumerate(place_rows.sort_values("sheet_row")["plan_id"]):
            colour = colours.get(plan_id, "808080")
            point = DataPoint(idx=index, marker=Marker(series.marker.symbol, size=8))
            point.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
            point.marker.graphicalProperties.line.solidFill = colour
            series.dPt.append(point)
        chart.series.append(series)
    return chart


def add_charts_sheet(
    workbook: Workbook,
    comparison: pd.DataFrame,
    *,
    source_sheet: str = "Comparison",
    colours: Mapping[str, str],
    labels: Mapping[str, str],
    family_titles: Mapping[str, str],
    index: int | None = None,
    places: Mapping[str, str] | None = None,
    linked: Iterable[str] | None = None,
) -> Worksheet:
    """Add the "Charts" sheet; ``comparison`` is the frame written to ``source_sheet``, in order.

    A family's target rows of one place must be adjacent on the source sheet (the
    summary sorts them so), since a chart series reads one block of cells;
    ``places`` names each jurisdiction_id in the legends; ``linked`` keeps the
    families with figures in two or more years in a place (default: every family).
    """
    ws = workbook.create_sheet("Charts", index)
    ws["A1"] = (
        f"Targets of each linked metric family by horizon year: one series per place (its "
        f"marker, named in the legend), one colour per plan; the points are read from the "
        f"{source_sheet} sheet (value_std against horizon_year)."
    )
    ws["A1"].font = Font(bold=True)
    frame = comparison.reset_index(drop=True).assign(sheet_row=lambda f: f.index + 2)
    names = places if places is not None else {}
    place_ids = (
        frame["jurisdiction_id"]
        if "jurisdiction_id" in frame
        else frame["plan_id"].map(corpus.plans().set_index("plan_id")["jurisdiction_id"])
    )
    frame["place"] = place_ids.map(lambda p: names.get(p, p))
    targets = frame[(frame["kind"] == "target") & frame["value_std"].notna()]
    if linked is not None:
        targets = targets[targets["family"].isin(linked)]
    families = list(dict.fromkeys(targets["family"]))
    source = workbook[source_sheet]
    for i, family in enumerate(families):
        rows = targets[targets["family"] == family]
        title = family_titles.get(family, family)
        if rows["place"].nunique() > 1:
            title += " (" + ", ".join(dict.fromkeys(rows["place"].astype(str))) + ")"
        chart = _family_chart(source, rows, title, colours, labels)
        column = get_column_letter(1 + (i % CHARTS_PER_ROW) * COLUMN_STEP)
        row = FIRST_ROW + (i // CHARTS_PER_ROW) * ROW_STEP
        ws.add_chart(chart, f"{column}{row}")
    n_rows = FIRST_ROW + -(-max(len(families), 1) // CHARTS_PER_ROW) * ROW_STEP
    ws.print_area = f"A1:{get_column_letter(CHARTS_PER_ROW * COLUMN_STEP)}{n_rows}"
    set_print_layout(ws, title_rows=None)
    ws.print_options.gridLines = False
    return ws
