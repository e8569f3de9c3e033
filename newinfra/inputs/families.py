"""data/families.csv: the label and definition of each metric family, checked against metrics.csv.

A family groups metrics of one quantity whose members differ in definition
(``family`` in data/metrics.csv). Its label heads the family's row in the
compare matrix and names it in charts and tables; a metric without a family
keeps its own label. Every family named in metrics.csv needs exactly one row
here, and every row names such a family.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from newinfra.core.cache import cached_by_fingerprint
from newinfra.core.errors import DataFileError
from newinfra.inputs.loader import line_of, read_csv
from newinfra.inputs.schema_base import DataFile, Text
from newinfra.inputs.table_checks import check_known
from newinfra.inputs.vocabulary import SLUG

FILE = "families.csv"


class Families(DataFile):
    """data/families.csv: one row per metric family named in data/metrics.csv."""

    family: Series[Text] = pa.Field(
        str_matches=SLUG,
        unique=True,
    )
    label_en: Series[Text] = pa.Field()
    label_zh: Series[Text] = pa.Field()
    definition: Series[Text] = pa.Field()


@cached_by_fingerprint
def _families() -> pd.DataFrame:
    from newinfra.inputs import curation

    path = curation.data_path(FILE)
    if not path.is_file():
        raise DataFileError(
            f"{path}: file missing; it lists each family of data/metrics.csv with its "
            "label_en, label_zh and definition"
        )
    frame = read_csv(path, Families)
    metrics_path = curation.data_path("metrics.csv")
    named = curation.load("metrics.csv", "Metrics")
    named = named[named["family"].notna()]
    check_known(frame, "family", named["family"], path, "family (not in data/metrics.csv)")
    missing = named[~named["family"].isin(frame["family"])]
    if not missing.empty:
        index = missing.index[0]
        raise DataFileError(
            f"{path}: no row for family {missing['family'].iloc[0]!r} of {metrics_path} "
            f"(line {line_of(index)}, field 'family'); add its label_en, label_zh and definition"
        )
    return frame.reset_index(drop=True)


def families() -> pd.DataFrame:
    """data/families.csv, validated and checked against data/metrics.csv."""
    return _families().copy()


def family_labels() -> dict[str, str]:
    """Every family's English label; a metric without a family is its own family, its label."""
    from newinfra.inputs import curation

    metrics = curation.metrics()
    labels = dict(zip(metrics["metric_id"], metrics["label_en"], strict=True))
    labels.update(zip(_families()["family"], _families()["label_en"], strict=True))
    return labels
