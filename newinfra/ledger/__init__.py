"""ledger: from mentions in the seeds to the curated target ledger.

Owns quantity mentions of every seed, the ledger build (annotations joined to
mentions), commitment wording, the briefing/full-text concordance and the audit.
May import: newinfra.core, newinfra.text, newinfra.inputs.
"""
