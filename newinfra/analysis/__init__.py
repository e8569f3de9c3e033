"""analysis: questions asked of the ledger.

Owns plan series and the steps between plans by metric nature (series),
verdicts as of a date (verdicts; the classes, their meaning and counts in
verdict_classes), the comparison and scorecard (comparison), how families move
from plan to plan (lineage), places side by side (peers), domain profiles
(profiles), the landing page's compare matrix (matrix) and headline findings
(findings), technology themes (themes; the vocabulary in theme_terms,
the sources counted in theme_sources), the tables the notebooks show and the
charts draw (views), the order plans and domains are listed in (orders), and
the notebooks' parameter checks (params, at the top).
May import: newinfra.core, newinfra.text, newinfra.inputs, newinfra.ledger,
newinfra.curate.
"""
