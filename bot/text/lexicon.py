"""The newsroom lexicon: which words a faithful paraphrase may swap, and which change the claim.

Brief's own editorial knowledge, kept small and reviewable; the general
language (lemmas, stems) comes from `bot.text.lemmas`.

- `SYNONYMS`: groups of words a reporter uses interchangeably for the same fact
  ("resigned" / "stepped down" / "quit"). Only near-exact equivalents: a group
  never mixes a stronger word with a weaker one ("criticised" is not "attacked").
- `OPPOSITES`: pairs that reverse a claim ("fund" / "cancel", "rose" / "fell");
  one of them in the evidence where the claim has the other is a contradiction.
- `NEGATIVE_VERBS`: verbs that deny what follows ("refused to pay", "failed to").
- `HEDGES` and `FUTURE`: words that make a statement possible, planned or
  expected rather than done; a claim must keep them.
- `ATTRIBUTION`: words that give a statement as someone's ("critics said",
  "according to"); a claim must keep the attribution.
- `FRAMING`: words about the brief, the prompt or the model rather than the story.

Multi-word phrases are written with spaces and matched as one token joined by
"_" (`PHRASES`): "step down" is read as "step_down".
"""

from __future__ import annotations

from collections.abc import Iterable


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


__all__ = [
    "ATTRIBUTION",
    "ATTRIBUTION_VERBS",
    "FRAMING",
    "FUTURE",
    "HEDGES",
    "INTENTIONS",
    "NEGATIVE_VERBS",
    "OPPOSITES",
    "PHRASES",
    "SYNONYMS",
    "opposites_of",
    "synonym_keys",
]

SYNONYMS: tuple[frozenset[str], ...] = tuple(
    _words(group)
    for group in (
        "say tell state add note remark",
        "announce unveil",
        "resign quit step_down",
        "approve pass adopt back endorse",
        "reject vote_down turn_down",
        "buy purchase acquire",
        "start begin launch commence",
        "end finish conclude",
        "rise raise increase climb grow go_up",
        "fall drop decline decrease slip go_down",
        "cut reduce lower trim",
        "die death dead",
        "arrest detain",
        "ban prohibit bar",
        "allow permit let",
        "build construct",
        "repair fix mend",
        "hire employ recruit",
        "fire dismiss sack",
        "help aid assist",
        "need require",
        "try attempt",
        "ask request",
        "show reveal",
        "plan proposal scheme",
        "law legislation",
        "company firm business",
        "money funds funding",
        "car vehicle",
        "child kid",
        "big large",
        "job post position role",
        "meeting session",
        "home house",
        "resident local inhabitant",
        "cost price",
        "quickly fast rapidly",
        "flood flooding",
        "pay fund finance",
        "spokesperson spokesman spokeswoman",
        "councillor councilor councilman councilwoman councilmember",
        "criticize criticise",
        "investigate probe",
        "inquiry investigation probe",
        "warn caution",
        "fear worry",
        "move transfer",
        "close shut",
        "beat defeat",
        "vote ballot",
        "fine penalty",
        "jail prison imprison",
        "agree accept",
        "worker employee staff",
        "say according_to",
    )
)
"""Groups of interchangeable words; a word may sit in more than one group."""

OPPOSITES: tuple[tuple[str, str], ...] = tuple(
    (pair.split("/")[0], pair.split("/")[1])
    for pair in _words(
        """
        fund/cancel fund/cut fund/scrap approve/reject approve/block approve/veto pass/reject
        pass/fail accept/reject accept/decline support/oppose back/oppose favour/oppose rise/fall
        rise/drop increase/decrease increase/cut increase/reduce grow/shrink expand/shrink
        expand/cut gain/lose win/lose win/defeat open/close open/shut start/stop begin/end
        hire/fire hire/cut raise/lower raise/cut add/remove add/cut allow/ban allow/forbid
        allow/block permit/ban legal/illegal guilty/innocent convict/acquit guilty/acquit
        confirm/deny admit/deny praise/criticise praise/condemn agree/disagree include/exclude
        arrive/leave enter/leave join/leave appoint/dismiss appoint/fire elect/defeat
        build/demolish save/lose save/spend profit/loss surplus/deficit more/fewer more/less
        higher/lower above/below before/after up/down first/last success/failure succeed/fail
        safe/unsafe safe/dangerous strong/weak survive/die alive/dead release/detain release/arrest
        lift/impose ease/tighten
        """
    )
)
"""Pairs of opposites: the evidence saying one where the claim says the other contradicts it."""

NEGATIVE_VERBS = frozenset(
    _words(
        """
    refuse refused refuses refusing fail failed fails failing decline declined declines
    deny denied denies denying reject rejected rejects block blocked blocks veto vetoed
    vetoes halt halted abandon abandoned scrap scrapped drop dropped cancel cancelled
    canceled rule_out ruled_out cleared acquitted false untrue baseless unfounded
    """
    )
)
"""Verbs that negate what follows them in the evidence ("refused to fund")."""

HEDGES = frozenset(
    _words(
        """
    may might could would can possibly perhaps probably likely unlikely expected expect
    expects reportedly allegedly alleged apparently suspected appear appears appeared seem
    seems seemed could've potential potentially possible estimate estimated
    estimates forecast forecasts predicted predicts proposed considering accused charged
    whether should scheduled urged yet almost nearly
    """
    )
)
"""Words that make a statement possible, expected, alleged or estimated, not established."""

INTENTIONS = frozenset(
    _words(
        """
    plan plans planned planning propose proposes proposing intend intends intended aim aims
    aimed hope hopes hoped seek seeks sought want wants wanted threaten threatens threatened
    try tries tried vow vows vowed promise promises promised pledge pledges pledged ask asks
    asked
    """
    )
)
"""Verbs of intention: followed by "to" ("plans to cut") they make the event not yet done."""

FUTURE = _words("will shall 'll set_to due_to going_to is_to are_to to_be")
"""Words that put an event in the future: a claim may not give it as done."""

ATTRIBUTION = frozenset(
    _words(
        """
        say said says saying tell told tells according_to claimed argue argued argues allege
        alleged alleges insisted insists accused accuses warned warns suggested suggests
        believe believed believes think thought thinks feared contended contends asserted
        asserts maintained maintains stated added adds announced wrote writes reported
        estimated called described describes predicted predicts
        """
    )
)
"""Words that give a statement as someone's ("critics said", "according to the report")."""

ATTRIBUTION_VERBS = _words(
    """
    say tell claim argue allege insist accuse warn suggest believe think fear contend assert
    maintain state announce write report estimate describe predict concede admit deny
    """
)
"""The same, as verb lemmas: "officials claim", "experts warn" (only after their subject)."""

FRAMING = frozenset(
    _words(
        """
    article articles brief briefs summary summaries paragraph paragraphs item items
    explainer explainers citation citations cite cited json schema instruction
    instructions prompt prompts model assistant ai checked untrusted output field fields
    reader readers newsroom
    """
    )
)
"""Words about the brief, the prompt or the model: from an article, rarely; from a model
summarising its own instructions, always."""

PHRASES: tuple[tuple[str, str], ...] = tuple(
    (phrase, phrase.replace(" ", "_"))
    for phrase in (
        "step down",
        "stepped down",
        "steps down",
        "stepping down",
        "vote down",
        "voted down",
        "turn down",
        "turned down",
        "go up",
        "went up",
        "go down",
        "went down",
        "according to",
        "rule out",
        "ruled out",
        "set to",
        "due to",
        "going to",
        "is to",
        "are to",
        "to be",
    )
)
"""Multi-word units read as one token; inflected forms are listed, lemmas cannot join them."""

_PHRASE_LEMMAS = {
    "stepped_down": "step_down",
    "steps_down": "step_down",
    "stepping_down": "step_down",
    "voted_down": "vote_down",
    "turned_down": "turn_down",
    "went_up": "go_up",
    "went_down": "go_down",
    "ruled_out": "rule_out",
}


def phrase_lemma(token: str) -> str:
    """ "stepped_down" -> "step_down"; any other token unchanged."""
    return _PHRASE_LEMMAS.get(token, token)


_GROUP_OF: dict[str, set[str]] = {}
for _number, _group in enumerate(SYNONYMS):
    for _word in _group:
        _GROUP_OF.setdefault(_word, set()).add(f"#syn{_number}")

_OPPOSITE_OF: dict[str, set[str]] = {}
for _a, _b in OPPOSITES:
    _OPPOSITE_OF.setdefault(_a, set()).add(_b)
    _OPPOSITE_OF.setdefault(_b, set()).add(_a)


def synonym_keys(forms: Iterable[str]) -> frozenset[str]:
    """The keys of the synonym groups any of `forms` belongs to."""
    return frozenset(key for form in forms for key in _GROUP_OF.get(form, ()))


def opposites_of(forms: Iterable[str]) -> frozenset[str]:
    """The lexicon's opposites of any of `forms` (lemmas), as lemmas."""
    return frozenset(other for form in forms for other in _OPPOSITE_OF.get(form, ()))
