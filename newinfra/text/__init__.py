"""text: pure functions over a string, no file or network I/O.

Owns numerals, quantity extraction, document structure (sections), sentences
and clauses. Any text works: a seed, a paragraph pasted by an analyst.
May import: newinfra.core.
"""
