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

FUNCTION_WORDS: frozenset[str] = _words(_FUNCTION_WORDS)
"""Lower-case words that carry no subject of their own (articles, pronouns, auxiliaries)."""

NOT_NAMES: frozenset[str] = _capitalised(_FUNCTION_WORDS + _CALENDAR) | _words(
    "I I'm I've I'll I'd OK"
)
"""Capitalised words that are not names by themselves (sentence openers, days, months)."""

HONORIFICS: frozenset[str] = _words("Mr Mrs Ms Miss Mx Dr Prof Sir Dame Rev Hon Lord Lady")
"""Titles of address: part of a name as written, never checked on their own."""

STYLES: frozenset[str] = _words(
    "his her honour honor honourable honorable right prince princess duke duchess queen king"
)
"""Words of a formal style before a name ("His Honour Judge", "the Right Honourable")."""

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
    said says say told tells added adds explained explains asked asks wrote writes
    continued continues argued argues noted notes recalled recalls remembered warned warns
    insisted insists stated declared declares replied replies responded responds countered
    acknowledged acknowledges admitted admits conceded concedes complained complains
    cautioned stressed stresses emphasised emphasized observed remarked announced announces
    claimed claims suggested predicted predicts joked posted tweeted testified urged urges
    agreed agrees maintained concluded reflected laughed shouted recounted wondered
    confirmed confirms described describes
    """
)
"""Verbs of speech that attribute a quotation ("…," she said); the one list every layer uses."""

SPEECH_VERB_PATTERN = "|".join(sorted(SPEECH_VERBS, key=lambda v: (-len(v), v)))
"""`SPEECH_VERBS` as a regular-expression alternation, longest first."""

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

SENTENCE_OPENERS: frozenset[str] = _words(
    """
    nothing everything something anything everyone someone anyone nobody everybody somebody
    whether whilst unlike regardless nevertheless nonetheless indeed perhaps maybe overall
    rather almost nearly roughly together elsewhere nationwide altogether instead besides
    ahead afterwards afterward lastly firstly secondly thirdly further sometimes often
    usually online right well yeah yes no sure simple human wary amazing given amid unless
    whatever however wherever whenever whoever
    see read note click watch listen learn find consider compare imagine remember look
    check visit contact call email follow join sign submit share subscribe download
    register stay keep make take get try go come tell ask help put set give use
    dozens hundreds thousands millions billions scores half twice
    authorities rescuers shares prices sales profits earnings revenue revenues investors
    consumers customers patients passengers fans players troops soldiers forces protests
    talks negotiators regulators judges jurors children women men girls boys adults
    seniors retirees victims survivors families households buyers sellers renters users
    readers viewers listeners delegates candidates councils governments agencies
    companies firms banks markets hospitals courts countries cities towns counties crews
    plans changes costs cost taxes rates funds fees cuts efforts calls concerns questions
    details results findings numbers totals estimates projections forecasts proposals
    measures rules laws bills charges claims allegations savings hearings meetings
    warnings ratings rulings filings proceedings holdings listings shootings killings
    buildings feelings dealings demand supply growth inflation unemployment traffic
    climate carbon energy power electricity weather rain snow heat storms flooding
    floods fire fires smoke crime violence evidence funding money cash debt budget
    spending work jobs wages pay rent housing homes land property insurance tax
    turnout voting elections votes polls support opposition criticism praise pressure
    lack stage video photos images footage text item items cost price total
    landlord landlords tenant copyright funeral cocoa coffee food gas oil fuel high low
    hours days weeks months years live used doing emails groups prisoners tests trees
    repairs detours lorries trucks cars vehicles buses trains roads shopkeepers merchants
    retailers traders shops stores alternatives options choices safety security approval
    feedback comments responses reactions opinions views debate discussion negotiations
    talks deals agreements contracts repayment borrowing loans grants subsidies benefits
    damage losses injuries deaths arrests charges sentences fines penalties delays closures
    repairs upgrades improvements works progress problems issues risks fears hopes doubts
    annual daily weekly monthly yearly flights
    earlier later recently today tomorrow tonight yesterday
    """
)
"""Words an LLM summary or a draft may open a sentence with that are not names."""

COMMON_ENDINGS: tuple[str, ...] = (
    "tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities", "ism",
    "isms", "ship", "ships", "ance", "ances", "ence", "ences", "ing", "ed", "ly", "ists",
    "ians", "ants", "ents", "ions", "ages", "ees", "ers", "ors",
)  # fmt: skip
"""Endings of common nouns, verb forms and adverbs ("Construction", "Residents", "Used")."""

NAME_ENDINGS: tuple[str, ...] = ("ley", "illy", "olly", "elly", "eed", "mmed")
"""...but not these, which end names ("Bradley", "Kelly", "Reed", "Mohammed")."""

NAMES_WITH_COMMON_ENDINGS: frozenset[str] = _words(
    """
    alfred wilfred winifred mildred manfred siegfried ahmed hamed javed sayed jared
    irving manning harding fielding browning keating channing golding kipling sterling
    stirling darling redding reading beijing nanjing fleming deming kettering woking
    ealing epping cumming banning henning lansing hemming goring waring worthing dorking
    spalding pershing goering ewing viking
    florence lawrence laurence clarence terence terrance constance prudence provence
    france spence vance lance clements beverly sicily emily italy
    rogers sanders saunders peters powers waters summers sellers chambers flowers masters
    walters withers struthers rivers winters travers vickers flanders childers connors
    """
)
"""Names that the endings above would take for common words."""
