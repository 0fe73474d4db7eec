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

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.grounding.claim_polarity import condition, modality, negation, numbers, opposite
from bot.grounding.claim_roles import actor, attribution, same_use, without_own_tags
from bot.grounding.claim_words import (
    PRONOUNS,
    Token,
    content_keys,
    is_content,
    read_tokens,
    tokens,
)
from bot.grounding.facts import mask_quotations
from bot.text.lemmas import keys
from bot.text.lexicon import (
    FRAMING,
)
from bot.text.normalize import quoted_spans

__all__ = ["Token", "Verdict", "check_support", "content_keys", "tokens"]


@dataclass(frozen=True)
class Verdict:
    supported: bool
    reason: str = ""


SUPPORTED = Verdict(True)


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
    every = tokens(claim)
    if not every:
        return Verdict(False, "unsupported: no words to check")
    said = [t for t in every if not t.quoted]
    if not said:
        return SUPPORTED  # only a quotation: checked as a quotation
    shown = [tokens(sentence) for sentence in evidence]
    words = [t for sentence in shown for t in sentence]
    if not words:
        return Verdict(False, "no evidence")
    if subject is not None:
        own = {t.lower for t in tokens(subject)}
        shown = [without_own_tags(sentence, own, said) for sentence in shown]
    reason = numbers(mask_quotations(claim, quoted_spans(claim)), evidence)
    if reason is not None:
        return Verdict(False, reason)
    return _check(said, shown, context, tags=tags)


_REFERRING = frozenset(
    """
    company firm group council board district authority agency government ministry
    department club union school court police bank city town trust charity
    """.split()  # noqa: SIM905
)


def _check(
    said: list[Token], shown: list[list[Token]], context: Sequence[str], *, tags: bool
) -> Verdict:
    pronoun = any(  # "she", or "the company": the evidence refers to someone it named before
        t.lower in PRONOUNS or (t.lower in _REFERRING and i > 0 and sentence[i - 1].lower == "the")
        for sentence in shown
        for i, t in enumerate(sentence)
    )
    by_key: dict[str, list[tuple[int, Token]]] = {}
    for n, sentence in enumerate(shown):  # each evidence word under every key it meets by
        for t in sentence:
            for k in {t.lower, *keys(t.lower)}:
                by_key.setdefault(k, []).append((n, t))
    matched: dict[int, list[tuple[int, Token]]] = {}
    missing: list[Token] = []
    for token in said:
        if not is_content(token):
            continue
        found = {
            (n, t.index): (n, t)
            for k in {token.lower, *keys(token.lower)}
            for n, t in by_key.get(k, ())
        }
        hits = [
            (n, t)
            for n, t in sorted(found.values(), key=lambda h: (h[0], h[1].index))
            if same_use(said, token, shown[n], t)
        ]
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
    reason = opposite(said, aligned)
    if reason is None and missing:
        reason = _describe_missing(missing)
    reason = (
        reason
        or negation(said, aligned, matched)
        or modality(said, aligned)
        or condition(said, shown, aligned)
        or attribution(said, aligned, shown if tags else [])
        or actor(said, shown, matched)
    )
    return SUPPORTED if reason is None else Verdict(False, reason)


@lru_cache(maxsize=256)
def _names(context: tuple[str, ...]) -> frozenset[str]:
    """The match keys of the names in the cited paragraphs (read only when a name needs it)."""
    return frozenset(
        k for text in context for t in read_tokens(text) if t.is_name for k in keys(t.lower)
    )


def _name_runs(said: list[Token]) -> list[list[Token]]:
    """Consecutive capitalised names of the claim ("Ana Lopez", "Harlow County")."""
    runs: list[list[Token]] = []
    for token in said:
        if not (token.is_name and is_content(token)):
            continue
        if runs and runs[-1][-1].index == token.index - 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


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


def _describe_missing(missing: list[Token]) -> str:
    framing = [t.text for t in missing if t.lower in FRAMING]
    if framing:
        return "instruction echo: “" + "”, “".join(framing) + "” is about the brief, not the story"
    shown = "”, “".join(dict.fromkeys(t.text for t in missing))
    return f"unsupported: “{shown}” not in the evidence"
