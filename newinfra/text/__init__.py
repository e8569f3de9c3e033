"""text: pure functions over a string, no file or network I/O.

Owns numerals (``numerals``: Chinese, English and Roman), quantity extraction
(``quantities``, with its vocabulary, patterns, the reading of one candidate
in ``quantity_reading`` and the rules that keep or drop it in
``quantity_rules``), the span index that joins an annotation to the mention
holding it (``spans``), sentences, clauses and the section engine
(``sections``, which takes its rules as an argument; the rules themselves are
data, read by newinfra.inputs.section_rules) with the lookup of the section
that holds an offset (``section_lookup``). Any text works: a seed, a
paragraph pasted by an analyst.
May import: newinfra.core.
"""
