"""ledger: from mentions in the seeds to the curated target ledger.

Owns quantity mentions of every seed, the ledger build (annotations joined to
mentions), the grouping of mentions of one figure into commitments
(``grouping``; the ``commitments()`` table is in ``targets``), commitment
wording and the briefing/full-text concordance. Adding a plan and the audit
are in newinfra.curate, above this layer.
May import: newinfra.core, newinfra.text, newinfra.inputs.
"""
