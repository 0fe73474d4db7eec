"""The language layer: how Brief reads English news text, once, for every other layer.

    normalize    fold quote marks, dashes and spaces; find quoted passages
    wordlists    the shared vocabularies (speech verbs, honorifics, words that are not names)
    sentences    verbatim sentence spans
    names        runs of capitalised words, job titles split off
    openers      whether a sentence-opening capitalised word is a name
    parsed       each paragraph's quotations, sentences and names, read once
    people       which names are people; who "he" or "she" is
    speech       the attribution patterns around one quotation
    attribution  every quotation of an article and its speaker

Engines and the grounding gate both build on this package; it imports neither.
"""
