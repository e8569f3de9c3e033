"""core: what every layer stands on.

Owns errors, the project root and its folders, fingerprints of inputs and code,
the result cache, atomic file writes and display-width helpers.
May import: the standard library only (no other newinfra layer).
"""
