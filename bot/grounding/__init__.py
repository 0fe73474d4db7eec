"""Grounding: nothing reaches a reader unless the article backs it.

`normalize` defines the only folding allowed when comparing words; `gate` checks
an engine's draft against the article; `verify` checks any human or AI draft.

    gate, verify          the two entry points
    quote_gate            key quotes: exact words, cuts, repairs, speakers
    quotes, negation      finding a quotation; cuts that drop a "not"
    speakers, attributed  who is named near a quote; who the article credits
    facts                 numbers, names and dates of a text, against paragraphs
    numbers, number_words, number_units   reading numbers, ordinals, ordered pairs
    names, openers        proper names; a capitalised first word that may be one
    dates                 weekdays and months
    plaintext, wordlists  a Markdown draft as plain units; the word lists
"""
