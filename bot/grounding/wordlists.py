"""Word lists for `bot.grounding.names` and `bot.grounding.speakers`.

Kept apart so the rules read cleanly and the lists can grow without touching them.
English only for now.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _capitalised(text: str) -> frozenset[str]:
    return frozenset(w[:1].upper() + w[1:] for w in text.split())


_FUNCTION_WORDS = """
a an the this that these those there here it its it's he she him her his hers they them
their theirs we us our ours you your yours i me my mine i'm i've i'll i'd who whom whose
which what when where why how whatever whoever and but or nor so yet for if then than
though although because since unless until while whereas as at by from in into of off on
onto out over to under up upon with within without about above across after against along
amid among around before behind below beneath beside besides between beyond despite down
during except inside like near outside past per through throughout toward towards via
all any both each either every few many more most much neither no none other others
another several some such same own only just also even still already again ever never
not now then today tonight tomorrow yesterday meanwhile however moreover furthermore
instead otherwise therefore thus later earlier once soon yes ok okay oh please thanks
according asked can could may might must shall should will would do does did done is are
was were be been being has have had having let lets let's get gets got
first second third last next former latest recent
mr mrs ms dr
"""
_CALENDAR = """
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun
spring summer autumn fall winter
"""

NOT_NAMES: frozenset[str] = _capitalised(_FUNCTION_WORDS + _CALENDAR) | _words(
    "I I'm I've I'll I'd OK"
)
"""Capitalised words that are not names by themselves (sentence openers, days, months)."""

HONORIFICS: frozenset[str] = _words("Mr Mrs Ms Miss Mx Dr Prof Sir Dame Rev Hon Lord Lady")
"""Titles of address: part of a name as written, never checked on their own."""

CONNECTORS: frozenset[str] = _words("of de la le du van von der den da del dos di bin al y for")
"""Lower-case words that may sit inside a name ("University of Westbrook")."""

ABBREVIATIONS: frozenset[str] = _words(
    "Mr Mrs Ms Dr Prof St Jr Sr Rev Gov Sen Rep Gen Col Lt Sgt Capt Cmdr Insp Det Supt Hon "
    "No Inc Co Corp Ltd Bros Mt Ft Ave Blvd Rd vs etc approx "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
"""Words that a full stop follows without ending the sentence."""

GENERIC_NAME_WORDS: frozenset[str] = _words(
    """
    mayor deputy councillor councilor councilman councilwoman councilmember council
    commissioner commission chief officer officers police fire department dept city county
    town village borough state board committee authority agency office school schools
    district university college hospital court judge justice senator representative
    governor president vice secretary minister prime chair chairman chairwoman chairperson
    director executive manager superintendent sheriff detective sergeant captain lieutenant
    inspector constable spokesperson spokesman spokeswoman professor doctor principal
    teacher nurse street road avenue lane drive boulevard park river lake bridge square
    station hall centre center library museum church harbour harbor port bay beach airport
    north south east west northern southern eastern western central upper lower
    greater public national federal regional local municipal general assembly parliament
    congress senate house government ministry service services health transit transport
    transportation water works housing planning education emergency association union
    society foundation trust club team party group company corporation bank market
    community plan project programme program report new old
    """
)
"""Generic words of names, often written in lower case in articles ("the city council")."""

SPEECH_VERBS: frozenset[str] = _words(
    """
    said says say told tells tell added adds argued argues warned warns noted notes wrote
    writes explained explains insisted insists claimed claims stated states announced
    announces asked asks replied replies responded responds called calls urged urges
    acknowledged admitted admits agreed agrees countered recalled remembered
    """
)
"""Verbs that follow a speaker's name; also used to tell a name from a sentence opener."""

COMMON_OPENERS: frozenset[str] = _capitalised(
    """
    critics officials residents opponents supporters analysts experts police authorities
    officers parents students teachers voters councillors councilors members neighbours
    neighbors witnesses investigators researchers scientists doctors nurses workers
    employees staff lawmakers legislators activists protesters protestors campaigners
    organisers organizers advocates leaders businesses owners drivers families people locals
    visitors commuters shoppers homeowners tenants landlords developers prosecutors lawyers
    attorneys sources reports documents records data figures statistics studies polls
    surveys firefighters paramedics engineers planners economists observers readers
    """
)
"""Plural nouns that open sentences and are followed by "said": not names there."""

PRONOUNS: frozenset[str] = _words(
    "he she they it we i you him her them his hers their theirs someone somebody "
    "anyone one who whom he/she"
)
"""Words that are never a speaker by themselves."""

SMALL_WORDS: frozenset[str] = _words(
    "a an the and or but of to in on at for by with as is was are were be been it its "
    "that this we i you he she they our their his her so just very really"
)
"""Words whose loss or addition in a quotation is a trivial slip. Never "not", "no", "never"."""
