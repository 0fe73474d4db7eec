"""Does a claim say no more than its evidence? The gate's check of what an item says.

    check_support(claim, evidence) -> Verdict(supported, reason)

`evidence` is the article's own sentences the item rests on (already found
verbatim by `bot.grounding.evidence`). The method is lexical alignment, chosen
over an entailment model because it is explainable (every drop names the word
that failed), deterministic, instant on a CPU and installs from the package
index with its data; its blind spots are measured by the claims set
(`tests/fixtures/claims`, README "Claims gate"). In order:

1. **Coverage.** Every content word of the claim (lemmatised: "cancelled" is
   "cancel"; a noun meets its verb; British meets American spelling; the
   newsroom lexicon's synonyms meet) must meet a word of the evidence. Names
   may also come from the cited paragraphs; numbers, names and dates are
   checked as facts elsewhere (`bot.grounding.facts`). A claim word that no
   evidence word meets is reported, and called an instruction echo when it is
   about the brief, the prompt or the model ("Every item is checked …").
2. **The aligned part.** Only the evidence's clauses (split at commas, colons,
   dashes, brackets and "but"/"while"/"although") that hold some of the
   claim's words are read for what follows; an aside ("…, who denied
   wrongdoing, …") does not speak for the claim.
3. **Polarity.** The claim is negated exactly when that part is ("not", "never",
   "refused to", "failed to"), and that part never holds the opposite of a claim
   word ("fund" where the claim says "cancel").
4. **Modality.** A possible, planned, expected or future event ("may",
   "plans to", "is expected to", "will") stays so: a claim without such a word
   may not rest on such a part.
5. **Attribution.** What the article gives as someone's ("critics said",
   "according to the report", a quotation) the claim must give as someone's too.
6. **Actor.** The doer of the claim's main verb ("The mayor vetoed …") must be
   its doer in the evidence, not its object ("… vetoed the mayor's plan").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.grounding.negation import is_negator
from bot.grounding.numbers import find_numbers
from bot.text.lemmas import is_verb_form, keys, lemmas
from bot.text.lexicon import (
    ATTRIBUTION,
    FRAMING,
    FUTURE,
    HEDGES,
    INTENTIONS,
    NEGATIVE_VERBS,
    PHRASES,
    opposites_of,
    phrase_lemma,
)
from bot.text.normalize import fold, quoted_spans

__all__ = ["Token", "Verdict", "check_support", "content_keys", "tokens"]


@dataclass(frozen=True)
class Verdict:
    supported: bool
    reason: str = ""


SUPPORTED = Verdict(True)


@dataclass(frozen=True)
class Token:
    """One word of a text: as written, lower-cased (phrases joined by "_"), clause, position."""

    text: str
    lower: str
    clause: int
    index: int
    quoted: bool
    first: bool
    """The first word of its sentence: a capital there does not make a name."""
    sentence: int = 0

    @property
    def is_name(self) -> bool:
        if not self.text[:1].isupper() or self.lower in _FUNCTION:
            return False
        return not self.first or not lemmas(self.lower)

    @property
    def is_number(self) -> bool:
        return _is_number(self.text)


_FUNCTION = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "they",
        "them",
        "their",
        "theirs",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "i",
        "me",
        "my",
        "mine",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "and",
        "or",
        "nor",
        "so",
        "for",
        "then",
        "than",
        "as",
        "at",
        "by",
        "from",
        "in",
        "into",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "over",
        "to",
        "under",
        "up",
        "upon",
        "with",
        "within",
        "about",
        "above",
        "across",
        "after",
        "against",
        "along",
        "amid",
        "among",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "despite",
        "down",
        "during",
        "except",
        "inside",
        "like",
        "near",
        "outside",
        "past",
        "per",
        "through",
        "throughout",
        "toward",
        "towards",
        "via",
        "all",
        "any",
        "both",
        "each",
        "either",
        "every",
        "some",
        "such",
        "same",
        "own",
        "only",
        "just",
        "also",
        "even",
        "still",
        "already",
        "again",
        "ever",
        "now",
        "then",
        "meanwhile",
        "more",
        "most",
        "less",
        "least",
        "fewer",
        "though",
        "including",
        "however",
        "moreover",
        "furthermore",
        "instead",
        "otherwise",
        "therefore",
        "thus",
        "once",
        "yes",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "having",
        "do",
        "does",
        "did",
        "done",
        "get",
        "gets",
        "got",
        "'s",
        "mr",
        "mrs",
        "ms",
        "dr",
        "one",
    ]
)
"""Words that carry no claim of their own (negators, modals and opposites are read apart)."""

_DETERMINERS = frozenset(
    ["a", "an", "the", "this", "that", "its", "their", "his", "her", "our", "my", "your", "of"]
)
_PRONOUNS = frozenset(["he", "she", "him", "her", "his", "hers", "they", "them", "their", "its"])
_MODALS = frozenset(["will", "would", "may", "might", "can", "could", "should", "must", "did"])
_ERGATIVE = frozenset(
    """
    close shut open end start begin finish stop grow rise fall drop increase decrease move
    change sink burn break collapse reopen expand shrink continue resume
    """.split()  # noqa: SIM905
)
"""Verbs whose object can be their subject ("the hospital will close the unit", "the unit
will close"): who does them is not a matter of word order."""
_CONDITIONS = frozenset(["if", "unless"])
_CLAUSE_OPENERS = frozenset(
    ["that", "had", "has", "have", "was", "were", "is", "are", "will", "would", "did", "could"]
)
_CONTRAST = frozenset(["but", "while", "although", "though", "whereas", "however", "yet"])
_CLAUSE_MARK = re.compile(r"[,;:()\[\]]|\s[-–—]\s|[–—]")
_SENTENCE_END = re.compile(r"[.!?]")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:-[^\W_]+)*")
_PASSIVE_AUX = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "to_be"]
)


@lru_cache(maxsize=4096)
def _is_number(word: str) -> bool:
    return any(c.isdigit() for c in word) or bool(find_numbers(word))


def tokens(text: str) -> list[Token]:
    """The words of `text` with their clause numbers, phrases joined ("step_down")."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    folded = fold(text)
    spans = quoted_spans(folded)
    ends = [m.start() for m in _SENTENCE_END.finditer(folded)]
    marks = sorted(
        [m.start() for m in _CLAUSE_MARK.finditer(folded)]
        + [s.start for s in spans]
        + [s.end for s in spans]
        + ends
    )
    out: list[Token] = []
    clause, mark_at, end_at, last_end, sentence = 0, 0, 0, -1, 0
    for match in _TOKEN.finditer(folded):
        word = match.group()
        lower = word.lower()
        while mark_at < len(marks) and marks[mark_at] <= match.start():
            mark_at += 1
            clause += 1
        first = not out
        while end_at < len(ends) and ends[end_at] < match.start():
            if ends[end_at] >= last_end:
                first = True
            end_at += 1
        if first and out:
            sentence += 1
        if out and (
            lower in _CONTRAST
            or lower in _CONDITIONS
            or (
                out[-1].lower in ("and", "or") and (lower in _CLAUSE_OPENERS or is_verb_form(lower))
            )
        ):
            clause += 1
        quoted = any(s.start <= match.start() < s.end for s in spans)
        out.append(Token(word, lower, clause, len(out), quoted, first, sentence))
        last_end = match.end()
    return tuple(_titled(_joined(out)))


def _titled(found: list[Token]) -> list[Token]:
    """A capitalised first word before another capital starts a name ("Mayor Lopez said")."""
    out = list(found)
    for i, (here, after) in enumerate(itertools.pairwise(found)):
        if here.first and here.text[:1].isupper() and after.text[:1].isupper():
            out[i] = Token(
                here.text, here.lower, here.clause, here.index, here.quoted, False, here.sentence
            )
    return out


def _joined(found: list[Token]) -> list[Token]:
    """Two-word phrases of the lexicon become one token ("stepped down" -> "step_down")."""
    out: list[Token] = []
    skip = False
    for here, after in zip(found, [*found[1:], None], strict=True):
        if skip:
            skip = False
            continue
        if after is not None and after.clause == here.clause:
            pair = f"{here.lower} {after.lower}"
            joined = _PHRASE_TOKENS.get(pair)
            if joined is not None:
                out.append(
                    Token(
                        here.text,
                        phrase_lemma(joined),
                        here.clause,
                        len(out),
                        here.quoted,
                        here.first,
                        here.sentence,
                    )
                )
                skip = True
                continue
        out.append(
            Token(
                here.text, here.lower, here.clause, len(out), here.quoted, here.first, here.sentence
            )
        )
    return out


_PHRASE_TOKENS = dict(PHRASES)


def _is_content(token: Token) -> bool:
    lower = token.lower
    return not (
        lower in _FUNCTION
        or is_negator(lower)
        or lower in HEDGES
        or lower in FUTURE
        or lower == "to_be"
        or lower in ATTRIBUTION
        or token.is_number
    )


def content_keys(text: str) -> set[str]:
    """The match keys of the content words of `text` (for ranking evidence sentences)."""
    return {k for t in tokens(text) if _is_content(t) and not t.is_name for k in keys(t.lower)}


def check_support(
    claim: str,
    evidence: Sequence[str],
    *,
    context: Sequence[str] = (),
    tags: bool = True,
    subject: str | None = None,
) -> Verdict:
    """Is everything `claim` says in `evidence` (the article's sentences)?

    `context` is the cited paragraphs: a name may come from there (the evidence may
    say "she"); every other word must come from the evidence itself. `tags=False`
    ignores a bare attribution tag in another clause ("…, a charity, said"): an
    explainer's appositive is the article's own description. `subject` is what an
    explainer explains: its own speech ("Chief Executive Karen Holt said …") does not
    make the article's description of it someone's claim.
    """
    said = [t for t in tokens(claim) if not t.quoted]
    if not said:
        return SUPPORTED  # only a quotation: checked as a quotation
    shown = [tokens(sentence) for sentence in evidence]
    words = [t for sentence in shown for t in sentence]
    if not words:
        return Verdict(False, "no evidence")
    if subject is not None:
        own = {t.lower for t in tokens(subject)}
        shown = [_without_own_tags(sentence, own) for sentence in shown]
    return _check(said, shown, context, tags=tags)


def _without_own_tags(sentence: list[Token], own: set[str]) -> list[Token]:
    """The sentence less the speech verbs whose speaker is the explained term ("Holt said",
    "said Council President Marcus Bell")."""

    def own_tag(i: int, t: Token) -> bool:
        if t.lower not in ATTRIBUTION:
            return False
        near = sentence[max(0, i - _OWN_TAG_REACH) : i + _OWN_TAG_REACH + 1]
        return any(n.lower in own and n.clause == t.clause and n is not t for n in near)

    return [t for i, t in enumerate(sentence) if not own_tag(i, t)]


_OWN_TAG_REACH = 8
"""How far a speech verb and its speaker may stand apart in one clause ("said Department
of Correction spokesman Jason Kersten")."""


def _check(
    said: list[Token], shown: list[list[Token]], context: Sequence[str], *, tags: bool
) -> Verdict:
    pronoun = any(t.lower in _PRONOUNS for sentence in shown for t in sentence)
    matched: dict[int, list[tuple[int, Token]]] = {}
    missing: list[Token] = []
    for token in said:
        if not _is_content(token):
            continue
        hits = [(n, t) for n, sentence in enumerate(shown) for t in sentence if _meets(token, t)]
        if hits:
            matched[token.index] = hits
        elif not token.is_name:
            missing.append(token)
    for run in _name_runs(said):
        if any(t.index in matched for t in run):
            continue  # "Ana Lopez" where the evidence says "Lopez"
        around = all(not keys(t.lower).isdisjoint(_names(tuple(context))) for t in run)
        if not (pronoun and around):  # "she", in a paragraph that names her
            missing += run
    missing.sort(key=lambda t: t.index)

    aligned = _aligned(shown, matched, {t.index for t in said if t.is_name})
    reason = _opposite(said, aligned)
    if reason is None and missing:
        reason = _describe_missing(missing)
    reason = (
        reason
        or _negation(said, aligned, matched)
        or _modality(said, aligned, matched)
        or _condition(said, shown, aligned)
        or _attribution(said, aligned, shown if tags else [])
        or _actor(said, shown, matched)
    )
    return SUPPORTED if reason is None else Verdict(False, reason)


@lru_cache(maxsize=256)
def _names(context: tuple[str, ...]) -> frozenset[str]:
    """The match keys of the names in the cited paragraphs (read only when a name needs it)."""
    return frozenset(
        k for text in context for t in _tokens(text) if t.is_name for k in keys(t.lower)
    )


def _name_runs(said: list[Token]) -> list[list[Token]]:
    """Consecutive capitalised names of the claim ("Ana Lopez", "Harlow County")."""
    runs: list[list[Token]] = []
    for token in said:
        if not (token.is_name and _is_content(token)):
            continue
        if runs and runs[-1][-1].index == token.index - 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _meets(claim: Token, evidence: Token) -> bool:
    if claim.lower == evidence.lower:
        return True
    return not keys(claim.lower).isdisjoint(keys(evidence.lower))


def _aligned(
    shown: list[list[Token]], matched: dict[int, list[tuple[int, Token]]], names: set[int]
) -> list[list[Token]]:
    """Per evidence sentence, its words in the clauses the claim rests on.

    The fewest clauses that hold all the claim's matched words, taken greedily (most
    words first): a word the claim shares with an aside ("the bridge", in a clause
    about something else) does not pull the aside in.
    """
    holds: dict[tuple[int, int], set[int]] = {}
    words = {at for at in matched if at not in names} or set(matched)
    for claim_at, hits in matched.items():
        if claim_at not in words:
            continue  # a name says who; the clause that says what is the one read
        for n, t in hits:
            holds.setdefault((n, t.clause), set()).add(claim_at)
    wanted = set(words)
    chosen: set[tuple[int, int]] = set()
    while wanted:
        best = max(holds, key=lambda c: (len(holds[c] & wanted), -c[0], -c[1]))
        if not holds[best] & wanted:
            break
        chosen.add(best)
        wanted -= holds[best]
    return [[t for t in sentence if (n, t.clause) in chosen] for n, sentence in enumerate(shown)]


def _used(matched: dict[int, list[tuple[int, Token]]]) -> set[tuple[int, int]]:
    return {(n, t.index) for hits in matched.values() for n, t in hits}


def _describe_missing(missing: list[Token]) -> str:
    framing = [t.text for t in missing if t.lower in FRAMING]
    if framing:
        return "instruction echo: “" + "”, “".join(framing) + "” is about the brief, not the story"
    shown = "”, “".join(dict.fromkeys(t.text for t in missing))
    return f"unsupported: “{shown}” not in the evidence"


def _opposite(said: list[Token], aligned: list[list[Token]]) -> str | None:
    """The evidence says the opposite of a claim word ("fund" where the claim says "cancel")."""
    claim_forms = [(t, _lemma_forms(t.lower)) for t in said]
    for token, found in claim_forms:
        opposite = opposites_of(found)
        if not opposite:
            continue
        for word in (w for part in aligned for w in part):
            word_forms = _lemma_forms(word.lower)
            if word_forms & opposite and not any(_meets(c, word) for c in said):
                return (
                    f"contradicts the evidence: the article says “{word.text}” "
                    f"where the point says “{token.text}”"
                )
    return None


@lru_cache(maxsize=65536)
def _lemma_forms(word: str) -> frozenset[str]:
    found = {word, phrase_lemma(word)}
    for lemma_set in lemmas(word).values():
        found.update(lemma_set)
    return frozenset(found)


def _negation(
    said: list[Token], aligned: list[list[Token]], matched: dict[int, list[tuple[int, Token]]]
) -> str | None:
    claim_neg = next((t.text for t in said if is_negator(t.lower)), None)
    used = _used(matched)
    evidence_neg = next(
        (
            t.text
            for n, part in enumerate(aligned)
            for t in part
            if is_negator(t.lower) or (t.lower in NEGATIVE_VERBS and (n, t.index) not in used)
        ),
        None,
    )
    if claim_neg and not evidence_neg:
        return f"negation: the point says “{claim_neg}”, the evidence does not"
    if evidence_neg and not claim_neg:
        return f"negation: the evidence says “{evidence_neg}”, the point does not"
    return None


def _hedges(words: Sequence[Token]) -> list[Token]:
    """ "may", "is expected", "plans to" (an intention only before "to")."""
    found = []
    for here, after in itertools.zip_longest(words, words[1:]):
        if here is None:
            break
        if here.lower in HEDGES or (
            here.lower in INTENTIONS and after is not None and after.lower in ("to", "to_be")
        ):
            found.append(here)
    return found


def _modality(
    said: list[Token], aligned: list[list[Token]], matched: dict[int, list[tuple[int, Token]]]
) -> str | None:
    hedged = bool(_hedges(said))
    words = [t for part in aligned for t in part]
    hedge = next((t.text for part in aligned for t in _hedges(part)), None)
    if hedge is not None and not hedged:
        return f"certainty added: the evidence says “{hedge}”, the point does not"
    future = next((t.text for t in words if t.lower in FUTURE), None)
    if future is not None and not hedged and not any(t.lower in FUTURE for t in said):
        return f"certainty added: the evidence says “{future}”, the point gives it as done"
    return None


def _condition(
    said: list[Token], shown: list[list[Token]], aligned: list[list[Token]]
) -> str | None:
    """ "… if there is no new offer": a claim that drops the condition must at least hedge."""
    if _hedges(said) or any(t.lower in _CONDITIONS for t in said):
        return None
    for part, sentence in zip(aligned, shown, strict=False):
        clauses = {t.clause for t in part}
        for t in sentence:
            if t.lower in _CONDITIONS and (t.clause - 1 in clauses or t.clause in clauses):
                return f"condition dropped: the evidence says “{t.text} …”, the point does not"
    return None


def _attribution(
    said: list[Token], aligned: list[list[Token]], shown: list[list[Token]]
) -> str | None:
    """What the aligned evidence gives as someone's ("critics said") the claim must too."""
    if any(_attributes(said, i) for i in range(len(said))):
        return None
    source: str | None = None
    for part in aligned:
        source = source or next((t.text for i, t in enumerate(part) if _attributes(part, i)), None)
    words = [t for part in aligned for t in part]
    if source is None and any(t.quoted for t in words) and not any(t.quoted for t in said):
        source = "a quotation"
    for part, sentence in zip(aligned, shown, strict=False):
        if source is None and part:
            source = _tag_after(part, sentence)
    if source is None:
        return None
    shown_as = source if source == "a quotation" else f"“{source}”"
    return (
        f"attribution dropped: the article gives this as someone's ({shown_as}), the point as fact"
    )


def _attributes(words: list[Token], at: int) -> bool:
    """An attribution word, not a passive ("were not told about it")."""
    if words[at].lower not in ATTRIBUTION:
        return False
    before = [t.lower for t in words[max(0, at - 2) : at]]
    return not any(b in _PASSIVE_AUX for b in before)


_TAG_WORDS = 5
_RELATIVE = frozenset(["who", "whom", "whose", "which"])


def _tag_after(part: list[Token], sentence: list[Token]) -> str | None:
    """A bare tag that attributes the aligned clauses before it ("…, officials said."), or
    an "according to" clause anywhere; a relative clause ("…, who cast the deciding vote")
    is the article's own description of the speaker, not what the speaker said."""
    clauses: dict[int, list[Token]] = {}
    for t in sentence:
        clauses.setdefault(t.clause, []).append(t)
    said = {t.clause for t in part if clauses[t.clause][0].lower not in _RELATIVE}
    sentences = {t.sentence for t in part}
    for number, clause in clauses.items():
        tag = next((t.text for t in clause if t.lower in ATTRIBUTION), None)
        if tag is None or clause[0].sentence not in sentences:
            continue
        if clause[0].lower == "according_to":
            return tag
        same = {c for c in said if clauses[c][0].sentence == clause[0].sentence}
        if len(clause) <= _TAG_WORDS and any(c < number for c in same):
            return tag
    return None


def _actor(
    said: list[Token], shown: list[list[Token]], matched: dict[int, list[tuple[int, Token]]]
) -> str | None:
    """The doer of each of the claim's verbs must be that verb's doer in the evidence."""
    for at, verb in enumerate(said):
        if at == 0 or not _is_verb(said, at) or _lemma_forms(verb.lower) & _ERGATIVE:
            continue
        agent = _agent(said, at)
        if agent is None or agent.index not in matched:
            continue
        if (reason := _actor_of(verb, agent, shown)) is not None:
            return reason
    return None


def _is_verb(words: list[Token], at: int) -> bool:
    """Is the word at `at` a verb of its sentence ("voted"), not a noun ("four schools")?"""
    word, before = words[at], words[at - 1]
    modal = before.lower in _MODALS or (
        at > 1 and words[at - 2].lower in _MODALS and "ADV" in lemmas(before.lower)
    )
    if modal and "VERB" in lemmas(word.lower) and not word.is_name:
        return True  # "will pay", "will also pay"
    if not is_verb_form(word.lower) or word.is_name or before.lower in _DETERMINERS:
        return False
    if "NOUN" in lemmas(word.lower) and word.lower.endswith("s"):
        return before.is_name or before.lower in _PRONOUNS
    return not before.is_number


def _agent(words: list[Token], at: int) -> Token | None:
    """The doer of the verb at `at`: after "by" in a passive, else the nearest noun before it
    in its clause."""
    verb = words[at]
    if at > 0 and words[at - 1].lower in _PASSIVE_AUX:
        after = [t for t in words[at + 1 :] if t.clause == verb.clause]
        by = next((i for i, t in enumerate(after) if t.lower == "by"), None)
        if by is None:
            return None
        return _head(after[by + 1 :])
    before = [t for t in words[:at] if t.clause == verb.clause]
    return next((t for t in reversed(before) if _is_noun(t)), None)


def _head(words: list[Token]) -> Token | None:
    """The last word of the noun phrase `words` opens with ("the Charity Commission later
    this year" -> "Commission", "an external auditor" -> "auditor")."""
    head = None
    for t in words:
        if not _is_content(t):
            if head is None:
                continue  # "the", "an"
            break
        found = lemmas(t.lower)
        if "ADV" in found and "NOUN" not in found:
            break  # "later", "yesterday"
        if not (t.is_name or "NOUN" in found or "ADJ" in found or not found):
            break
        head = t
    return head


def _is_noun(token: Token) -> bool:
    if not _is_content(token) or is_verb_form(token.lower):
        return False
    found = lemmas(token.lower)
    return token.is_name or "NOUN" in found or "PROPN" in found or not found


def _actor_of(verb: Token, agent: Token, shown: list[list[Token]]) -> str | None:
    known = False
    for sentence in shown:
        for v in (t for t in sentence if _meets(verb, t)):
            follows = v.index + 1 < len(sentence) and _meets(agent, sentence[v.index + 1])
            if follows and v.lower not in ATTRIBUTION:
                return None  # "the deciding vote": the participle describes its noun
            if not _is_verb(sentence, v.index) if v.index > 0 else True:
                continue
            doer = _agent(sentence, v.index)
            if doer is None:
                continue  # the evidence does not say who: nothing to contradict
            passive = v.index > 0 and sentence[v.index - 1].lower in _PASSIVE_AUX
            subject = [t for t in sentence[: v.index] if t.clause == v.clause]
            if _meets(agent, doer) or (not passive and any(_meets(agent, t) for t in subject)):
                return None  # "average waiting times at the unit rose": times, not unit
            known = True
    if known:
        return f"wrong actor: in the article, “{agent.text}” is not who “{verb.text}”"
    return None


def _by_before(sentence: list[Token], at: int, verb_at: int) -> bool:
    """Is the word at `at` the agent of a passive ("… was vetoed by the mayor")?"""
    between = sentence[verb_at + 1 : at]
    return any(t.lower == "by" for t in between)
