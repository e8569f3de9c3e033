"""curate: adding a plan to a project and proving the data sound.

Owns ``newinfra add-plan`` (``addplan``, with the new plan's options and their
checks in ``new_plan``), the suggestions it writes for a new plan's figures
(``suggest``, with its compiled rules in ``suggest_rules``, indicator-table
cells in ``indicator_tables``, metric matching in ``metric_match``, and the
rows built from the suggestions in ``suggested_rows``), the review of
suggested rows and ``newinfra accept`` (``review``), the audit (``audit``:
every data file and every figure accounted for), and synthetic projects for
tests and benchmarks (``synthetic``).
May import: newinfra.core, newinfra.text, newinfra.inputs, newinfra.ledger.
"""
