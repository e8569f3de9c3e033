"""ledger: from mentions in the seeds to the curated target ledger.

Owns quantity mentions of every seed, the ledger build (annotations joined to
mentions), commitments (mentions of one figure grouped, ``commitments``),
commitment wording, the briefing/full-text concordance, the audit, and adding
a plan: suggestions for its figures (``suggest``, ``suggested_rows``),
``add-plan`` itself (``addplan``) and the review of suggested rows (``review``).
May import: newinfra.core, newinfra.text, newinfra.inputs.
"""
