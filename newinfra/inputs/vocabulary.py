"""The fixed vocabularies of the ledger: its columns and the values they take.

Kept apart from the pandera models so that code which only needs the names
does not load pandera.
"""

LANGUAGES = ["en", "zh-Hant", "zh-Hans"]
DOC_TYPES = ["plan_text", "translation", "press_briefing", "news"]
# What each doc_type is called for a reader: in running text such as a chart
# caption ("long") and where room is short, such as a table column ("short").
EVIDENCE = ["full_text", "translation", "briefing_only", "news"]
JURISDICTION_LEVELS = ["country", "province", "city", "district"]
KINDS = ["target", "baseline", "budget", "structure"]
NATURES = ["stock", "flow", "share", "class", "structure"]
BASES = ["new", "cumulative", "per_year", "unknown"]
# The wording scale, firmest first (docs/codebook.md): every count, column and colour of
# wording follows this order, and the weakest wording found in a clause decides it.
COMMITMENTS = ["firm", "strive", "pilot", "explore"]
COMPARATORS = [">=", "<=", "~", "="]
# The review column of suggested rows: pending until an analyst accepts them (empty).
REVIEW_STATES = ["pending"]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
# Longest free-text cells (a title, a name, a web address): longer text is a pasted
# paragraph or a mistake, and would not fit a page heading or a workbook cell.
TITLE_MAX = 300
NAME_MAX = 200
URL_MAX = 2000

SLUG = r"^[a-z0-9][a-z0-9._-]*$"

LEDGER_COLUMNS = [
    "target_id",
    "commitment_id",
    "plan_id",
    "horizon_year",
    "kind",
    "domain",
    "domain_native",
    "section",
    "metric_id",
    "metric_label",
    "value",
    "value_high",
    "unit",
    "comparator",
    "basis",
    "commitment",
    "source_id",
    "language",
    "start",
    "end",
    "quote",
    "sentence",
    "gloss_en",
    "value_std",
    "unit_std",
]

# Technology groups of the theme vocabulary (data/themes.csv), in chart order.
THEME_GROUPS = ["network", "computing", "ai", "data", "terminals", "energy", "industry", "security"]
# What a row of data/suggest_rules.csv decides, and the text its pattern reads.
SUGGEST_FIELDS = [
    "kind",
    "basis",
    "year",
    "task_type",
    "unit",
    "comparator",
    "domain",
    "table_column",
    "label",
]
SUGGEST_PLACES = [
    "figure",
    "unit",
    "before",
    "after",
    "clause",
    "sentence",
    "heading",
    "marked",
    "cell",
]
