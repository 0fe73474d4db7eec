"""Grounding: nothing reaches a reader unless the article backs it.

`normalize` defines the only folding allowed when comparing words; `gate` checks
an engine's draft against the article; `verify` checks any human or AI draft.
"""
