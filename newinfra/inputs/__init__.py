"""inputs: the files a project is made of, read and validated.

Owns the seed corpus and its manifest, the plans table, the loader every curated
data file passes through (``loader``) and the checks across a file's rows
(``table_checks``), the pandera schemas, units (pint) and vocabularies.
May import: newinfra.core, newinfra.text.
"""
