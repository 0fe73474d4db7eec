"""Who says and who does: attribution and actors in the claims check.

- `attribution`: what the evidence gives as someone's ("critics said", "officials claim",
  "according to the report", a quotation) the claim must give as someone's too; a bare
  tag ("…, officials said.") attributes the clauses before it, a relative clause ("…, who
  cast the deciding vote") is the article's own description of the speaker.
- `without_own_tags`: for an explainer, the explained person's own speech verb ("Chief
  Executive Karen Holt said") does not make its title someone's claim.
- `actor`: the doer of each of the claim's verbs must be that verb's doer in the evidence
  (active subject, passive "by …", inverted "said X"), not its object.
- `same_use`: a claim's verb is met by a verb, not by the same letters used as a noun.
"""

from __future__ import annotations

from dataclasses import replace

from bot.grounding.claim_words import (
    DETERMINERS,
    PASSIVE_AUX,
    RELATIVE,
    Token,
    doer,
    has_object,
    is_adjective,
    is_content,
    is_noun,
    is_verb,
    lemma_forms,
    meets,
)
from bot.text.lemmas import is_verb_form, lemmas
from bot.text.lexicon import (
    ATTRIBUTION,
    ATTRIBUTION_VERBS,
)

_ERGATIVE = frozenset(
    """
    close shut open end start begin finish stop grow rise fall drop increase decrease move
    change sink burn break collapse reopen expand shrink continue resume
    """.split()  # noqa: SIM905
)
"""Verbs whose object can be their subject ("the hospital will close the unit", "the unit
will close"): who does them is not a matter of word order."""


_TAG_WORDS = 5


_OWN_TAG_REACH = 8
"""How far a speech verb and its speaker may stand apart in one clause ("said Department
of Correction spokesman Jason Kersten")."""


_TITLE_WORDS = 6


def without_own_tags(sentence: list[Token], own: set[str], said: list[Token]) -> list[Token]:
    """The sentence less the speech verbs whose speaker is the explained term, when the
    explainer's words are the tag's own title ("Chief Executive Karen Holt said", "said
    Department of Correction spokesman Jason Kersten"); not when they are what was said
    ("Karen Holt said that the board resigned")."""
    words = [t for t in said if is_content(t)]

    def own_tag(i: int, t: Token) -> bool:
        if t.lower not in ATTRIBUTION:
            return False
        near = sentence[max(0, i - _OWN_TAG_REACH) : i + _OWN_TAG_REACH + 1]
        speakers = [n.index for n in near if n.lower in own and n.clause == t.clause]
        if not speakers:
            return False
        start = min(i, *speakers) - _TITLE_WORDS
        end = max(i, *speakers)
        placed = [x for w in words for x in sentence if meets(w, x)]
        last = max(speakers)
        relative = [r.index for r in sentence[last + 1 :] if r.lower in RELATIVE]

        def about_speaker(x: Token) -> bool:
            # the title; a clause after the tag ("…, responding to …"); or a relative clause
            # on the speaker ("said Leigh Sears who is the concessions manager")
            return (
                start <= x.index <= end
                or x.clause > t.clause
                or any(last < r < x.index for r in relative)
            )

        return all(about_speaker(x) for x in placed)

    kept = [t for i, t in enumerate(sentence) if not own_tag(i, t)]
    return [replace(t, index=i) for i, t in enumerate(kept)]  # indexes are positions


def attribution(
    said: list[Token], aligned: list[list[Token]], shown: list[list[Token]]
) -> str | None:
    """What the aligned evidence gives as someone's ("critics said") the claim must too."""
    if any(_attributes(said, i) for i in range(len(said))):
        return None
    source: str | None = None
    for part in aligned:  # "according to X" attributes the clauses after it, not its own
        source = source or next(
            (
                t.text
                for i, t in enumerate(part)
                if _attributes(part, i) and t.lower != "according_to"
            ),
            None,
        )
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
    """An attribution word ("said", "officials claim", "experts warn"), not a passive ("were
    not told about it") nor a noun ("the report", "insurance claims")."""
    word = words[at]
    before = [t.lower for t in words[max(0, at - 2) : at]]
    if word.lower in ATTRIBUTION:
        return not any(b in PASSIVE_AUX for b in before)
    verbs = lemmas(word.lower).get("VERB", ())
    if not any(v in ATTRIBUTION_VERBS for v in verbs):
        return False
    previous = words[at - 1] if at > 0 else None
    following = words[at + 1] if at + 1 < len(words) else None
    if following is not None and (following.lower in _AUXILIARIES or is_verb_form(following.lower)):
        return False  # "the cost estimate does not include …": a noun, the subject
    return (
        previous is not None
        and (previous.is_name or is_noun(previous))
        and not any(b in DETERMINERS | PASSIVE_AUX for b in before[-1:])
    )


_AUXILIARIES = frozenset(
    """
    does do did has have had is are was were will would may might can could should must
    """.split()  # noqa: SIM905
)


def _tag_after(part: list[Token], sentence: list[Token]) -> str | None:
    """A bare tag that attributes the aligned clauses before it ("…, officials said."), or
    an "according to" clause anywhere; a relative clause ("…, who cast the deciding vote")
    is the article's own description of the speaker, not what the speaker said."""
    clauses: dict[int, list[Token]] = {}
    for t in sentence:
        clauses.setdefault(t.clause, []).append(t)
    said = {t.clause for t in part if clauses[t.clause][0].lower not in RELATIVE}
    sentences = {t.sentence for t in part}
    for number, clause in clauses.items():
        tag = next((t.text for i, t in enumerate(clause) if _attributes(clause, i)), None)
        if tag is None or clause[0].sentence not in sentences:
            continue
        if clause[0].lower == "according_to":
            return tag
        same = {c for c in said if clauses[c][0].sentence == clause[0].sentence}
        if len(clause) <= _TAG_WORDS and any(c < number for c in same):
            return tag
    return None


def actor(
    said: list[Token], shown: list[list[Token]], matched: dict[int, list[tuple[int, Token]]]
) -> str | None:
    """The doer of each of the claim's verbs must be that verb's doer in the evidence."""
    for at, verb in enumerate(said):
        if at == 0 or not is_verb(said, at):
            continue
        if lemma_forms(verb.lower) & _ERGATIVE and not has_object(said, at):
            continue  # "the unit will close": its doer may be the evidence's object
        agent = doer(said, at)
        if agent is None or agent.index not in matched:
            continue
        if (reason := _actor_of(verb, agent, shown)) is not None:
            return reason
    return None


def _actor_of(verb: Token, agent: Token, shown: list[list[Token]]) -> str | None:
    known = False
    for sentence in shown:
        for v in (t for t in sentence if meets(verb, t)):
            follows = v.index + 1 < len(sentence) and meets(agent, sentence[v.index + 1])
            attributive = v.index > 0 and sentence[v.index - 1].lower in DETERMINERS
            if follows and attributive:
                return None  # "the deciding vote": the participle describes its noun
            if not is_verb(sentence, v.index) if v.index > 0 else True:
                continue
            found = doer(sentence, v.index)
            if found is None:
                continue  # the evidence does not say who: nothing to contradict
            passive = v.index > 0 and sentence[v.index - 1].lower in PASSIVE_AUX
            subject = [t for t in sentence[: v.index] if t.clause == v.clause]
            if meets(agent, found) or (not passive and any(meets(agent, t) for t in subject)):
                return None  # "average waiting times at the unit rose": times, not unit
            known = True
    if known:
        return f"wrong actor: in the article, “{agent.text}” is not who “{verb.text}”"
    return None


def same_use(said: list[Token], claim: Token, sentence: list[Token], evidence: Token) -> bool:
    """A verb of the claim is met by a verb, not by the same letters used as a noun ("was
    fired" is not "the fire", "backed" is not "went back", "sacked" is not "a sack")."""
    at = said.index(claim)
    if claim.lower == evidence.lower or at == 0 or not is_verb(said, at):
        return True
    if evidence.index == 0:
        return True
    before = sentence[evidence.index - 1]
    if before.lower == "of":  # "accused of stealing": a gerund, still the verb
        return True
    return not (before.lower in DETERMINERS or before.is_number or is_adjective(before))
