"""What a sentence says about the kind of thing a name names, when no list knows the name.

A name's type should not fall back to the tagger's guess (which makes unlisted towns persons and
unlisted people organisations); the text around a name usually says what it is:

* a place: the object of a place preposition ("landed at X", "fled to X", "on X", "off X"), of a verb
  done to places ("besieged X", "annexed X", "stormed X"), the "of" of a ruler or a place noun
  ("the raja of X", "the town of X", "the island of X" (LOC)), an apposition that is a place noun
  ("X, the provincial capital"), a name coordinated with such a name;
* a person: followed by ", who", the owner of a kinship or personal noun ("X's widow", "X's
  nephew"), an apposition that is a person noun or a title ("X, a merchant", "X, the admiral"), the
  subject of a verb said of people ("X wrote", "X said", "X died", "X was born"), the object of a verb
  done to people ("assassinated X", "crowned X");
* an organisation: "members of X", "joined X", "X's members".

:func:`evidence` returns weighted votes for one mention; :mod:`annals.names.merge` adds up the votes of
every mention of a name, so a name is typed by what the whole document says of it.  The word lists
here are general English: each names a class of words, not the words of any particular text.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from annals import knowledge

# Prepositions whose object is a place, with how strongly ("to" and "from" also take people).
PLACE_PREPOSITIONS = {
    "in": 1.0, "at": 1.0, "near": 1.5, "outside": 1.0, "off": 1.5, "on": 0.5, "into": 1.0, "via": 1.0,
    "through": 0.5, "across": 0.5, "throughout": 1.0, "within": 0.5, "around": 0.5, "beyond": 1.0,
    "towards": 1.0, "toward": 1.0, "to": 0.5, "from": 0.5, "upon": 0.5, "opposite": 1.0, "along": 1.0,
}
# Verbs of going and sending somewhere (lemmas): their "to X" / "from X" is a place ("fled to X", "was deported
# to X", "sailed from X"); after other verbs "to X" is as often a person ("wrote to X").
MOTION_VERBS = frozenset({
    "go", "come", "sail", "flee", "march", "retreat", "withdraw", "return", "travel", "move", "deport", "exile",
    "banish", "escape", "ride", "advance", "journey", "migrate", "emigrate", "transfer", "evacuate", "proceed",
    "head", "fly", "drive", "walk", "row", "steam", "voyage", "relocate", "remove", "transport", "ship", "carry",
    "bring", "take", "lead", "send", "dispatch", "despatch", "expel", "repatriate", "extradite", "deliver",
})
# Verbs whose "at X" is a person or a thing aimed at, not a place ("fired at X", "looked at X").
AIMING_VERBS = frozenset({"look", "stare", "glance", "gaze", "shout", "fire", "shoot", "aim", "throw", "hurl", "laugh",
                          "smile", "point", "wave", "swear", "curse", "strike", "jeer", "sneer", "rage", "grumble",
                          "marvel", "wonder", "nod", "hint", "snap", "lunge", "grab", "clutch", "arrive"})
MARCHING_VERBS = frozenset({"march", "advance", "move", "converge", "descend", "fall", "close", "press"})
PEOPLE_PREPOSITIONS = frozenset({"to", "from", "towards", "toward", "upon"})  # also said of people
# Verbs whose object is a place (lemmas).
PLACE_VERBS = frozenset({
    "besiege", "annex", "storm", "sack", "raze", "bombard", "shell", "occupy", "garrison", "fortify",
    "evacuate", "enter", "reach", "invade", "blockade", "abandon", "colonize", "colonise", "settle", "cede",
    "loot", "plunder", "burn", "liberate", "relieve", "govern", "rule", "visit", "leave", "overrun",
})
# Verbs whose subject is a person (lemmas), and those whose object is one.
PERSON_SUBJECT_VERBS = frozenset({
    "say", "write", "marry", "bear", "die", "resign", "abdicate", "reign", "believe", "think", "hope",
    "wish", "want", "speak", "study", "complain", "recall", "remember", "confess", "pray", "preach",
    "paint", "compose", "publish", "retire", "succeed", "inherit", "remark", "argue", "insist", "swear",
})
PERSON_OBJECT_VERBS = frozenset({
    "assassinate", "murder", "behead", "crown", "marry", "depose", "poison", "stab", "hang", "knight",
    "ennoble", "excommunicate", "succeed", "exile", "banish", "imprison", "arrest", "execute", "kidnap",
})
# Nouns for people by kinship, role or calling: "X's widow", "X, a merchant".
PERSON_NOUNS = frozenset({
    "son", "daughter", "wife", "widow", "husband", "widower", "brother", "sister", "father", "mother",
    "uncle", "aunt", "nephew", "niece", "cousin", "grandson", "granddaughter", "grandfather", "heir",
    "successor", "predecessor", "friend", "mistress", "lover", "tutor", "pupil", "disciple", "favourite",
    "favorite", "ally", "rival", "enemy", "adviser", "advisor", "secretary", "biographer", "lieutenant",
    "deputy", "servant", "slave", "merchant", "poet", "writer", "author", "historian", "painter", "artist",
    "composer", "philosopher", "scholar", "priest", "monk", "nun", "bishop", "lawyer", "banker", "soldier",
    "officer", "sailor", "peasant", "noble", "nobleman", "aristocrat", "samurai", "warrior", "statesman",
    "politician", "diplomat", "journalist", "teacher", "student", "man", "woman", "boy", "girl", "child",
    "veteran", "courtier", "knight", "squire", "engineer", "physician", "doctor", "scientist",
    "mathematician", "astronomer", "orator", "playwright", "novelist", "sculptor", "architect", "explorer",
    "navigator", "adventurer", "pirate", "rebel", "conspirator", "assassin", "regent", "pretender",
    "claimant", "consort", "concubine", "eunuch", "minister", "envoy", "ambassador", "official",
    "companion", "associate", "comrade", "colleague", "follower", "supporter", "partisan", "mentor", "patron",
    "protege", "protégé", "admirer", "opponent", "contemporary", "ancestor", "descendant", "stepson",
    "stepdaughter", "stepfather", "stepmother", "half-brother", "half-sister", "son-in-law", "father-in-law",
    "brother-in-law", "daughter-in-law", "mother-in-law", "sister-in-law", "grandmother",
})
# The nouns of PERSON_NOUNS whose "of X" is a person: kin, teachers and pupils, companions ("a pupil of X", "the
# widow of X"); "the ally of X", "the enemy of X" are as often said of states.
KIN_NOUNS = frozenset({
    "son", "daughter", "wife", "widow", "husband", "widower", "brother", "sister", "father", "mother", "uncle",
    "aunt", "nephew", "niece", "cousin", "grandson", "granddaughter", "grandfather", "grandmother", "mistress",
    "lover", "tutor", "pupil", "disciple", "companion", "friend", "biographer", "teacher", "student", "mentor",
    "protege", "protégé", "stepson", "stepdaughter", "stepfather", "stepmother", "half-brother", "half-sister",
    "son-in-law", "father-in-law", "brother-in-law", "daughter-in-law", "mother-in-law", "sister-in-law",
    "favourite", "favorite", "concubine", "consort", "secretary", "admirer",
})
# Nouns for places: "the town of X" (X a place), "X, a port" (X a place). LOC for those without a government.
PLACE_NOUNS = {
    "town": "GPE", "city": "GPE", "village": "GPE", "port": "GPE", "capital": "GPE", "province": "GPE",
    "county": "GPE", "district": "GPE", "domain": "GPE", "kingdom": "GPE", "principality": "GPE",
    "duchy": "GPE", "state": "GPE", "colony": "GPE", "municipality": "GPE", "prefecture": "GPE",
    "settlement": "GPE", "township": "GPE", "borough": "GPE", "emirate": "GPE", "khanate": "GPE",
    "sultanate": "GPE", "republic": "GPE", "seaport": "GPE", "stronghold": "GPE", "suburb": "GPE",
    "island": "LOC", "islands": "LOC", "isle": "LOC", "bay": "LOC", "plain": "LOC", "plains": "LOC",
    "valley": "LOC", "river": "LOC", "mountain": "LOC", "mountains": "LOC", "pass": "LOC", "passes": "LOC",
    "peninsula": "LOC", "region": "LOC", "coast": "LOC", "cape": "LOC", "gulf": "LOC", "strait": "LOC",
    # "the fortress of X": X is mostly the town the fortress holds
    "lake": "LOC", "fortress": "GPE", "fort": "GPE", "castle": "GPE", "harbour": "LOC", "harbor": "LOC",
    "headland": "LOC", "hill": "LOC", "desert": "LOC", "forest": "LOC", "marsh": "LOC", "delta": "LOC",
}
# Nouns whose "of X" is an organisation: "members of X", "the leadership of X".
ORG_MEMBER_NOUNS = frozenset({"member", "members", "membership", "leadership", "ranks", "congress", "founder",
                              "founders", "headquarters", "chairman", "secretariat"})
ORG_VERBS = frozenset({"join", "found", "establish", "dissolve", "ban", "outlaw", "disband"})

WHO = frozenset({"who", "whom"})
# Waters a town stands on ("X on the Y River", "X on the Black Sea coast").
WATERS = frozenset({"river", "sea", "lake", "coast", "gulf", "bay", "strait", "straits", "canal", "estuary"})
COLLECTIVE_ENDINGS = re.compile(r"(?:ites|ists|iots|ots|ians|enes|ards|ines|ese|ers)$")


def _governor(span: Span) -> tuple[Token | None, str]:
    """The word a name hangs on, and how: (preposition, "prep"), (verb, "dobj"), (noun, "appos") ...
    A conjunct ("A, B and C") hangs where the first of its list hangs."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    return root.head if root.head is not root else None, root.dep_


def evidence(span: Span) -> dict[str, float]:
    """Votes for the type of the name ``span`` from its sentence: {"PERSON": 2.0, "PLACE": 1.0, ...}.
    "PLACE" is a place of either kind; "LOC" a place without a government (an island, a bay)."""
    votes: dict[str, float] = {}

    def vote(kind: str, weight: float) -> None:
        votes[kind] = votes.get(kind, 0.0) + weight

    doc = span.doc
    head, dep = _governor(span)
    if head is not None:
        lemma = head.lemma_.lower()
        if dep == "pobj" and head.dep_ == "prep" or dep == "pobj":
            prep = head.lower_
            owner = head.head
            if prep == "of" and owner is not head:
                noun = owner.lower_ if owner.lower_ in PLACE_NOUNS else owner.lemma_.lower()  # "the ports of X and Y"
                if noun in PLACE_NOUNS and owner.pos_ == "NOUN":
                    vote("LOC" if PLACE_NOUNS[noun] == "LOC" else "PLACE", 2.0)
                elif noun in KIN_NOUNS and owner.pos_ == "NOUN":
                    vote("PERSON", 1.5)  # "a pupil of X", "the widow of X"
                elif noun in ORG_MEMBER_NOUNS:
                    vote("ORG", 1.0)
                elif rules_a_place(owner) or owner.ent_type_ == "PERSON" and owner.pos_ == "PROPN" and \
                        not (span.start > 0 and doc[span.start - 1].lower_ == "the"):
                    vote("PLACE", 1.5)  # "the raja of X", "Tanaka of X" (not "Gordon of the Royal Guards": a corps)
            elif prep == "under" and span.root.tag_ == "NNP" and \
                    head.head.pos_ in {"VERB", "AUX", "NOUN"} and len(span) <= 3:
                vote("PERSON", 1.0)  # "the fleet under X", "under X the army crossed": a commander
            elif prep == "on" and head.i > 0 and doc[head.i - 1].pos_ == "PROPN" and (
                    doc[head.i - 1].ent_type_ in {"GPE", "LOC", "FAC"} or doc[head.i - 1].dep_ == "pobj" and
                    doc[head.i - 1].head.lower_ in {"at", "in", "near", "to", "from", "into"}):
                vote("LOC", 1.5)  # "(landed at) Rouen on X", "Nizhny on X": the bay, river or coast a town is on
            elif prep == "on" and head.head.lemma_.lower() not in MARCHING_VERBS:
                vote("LOC", 0.5)  # "landed on X", "exiled on X": an island, a coast ("marched on X": a city)
            elif span.start > 0 and doc[span.start - 1].tag_ == "PRP$":
                pass  # "in his Memoirs", "with their Hussars": what one owns is no place
            elif prep == "at" and (head.head.pos_ == "NOUN" or head.head.pos_ in {"VERB", "AUX"} and
                                   head.head.lemma_.lower() not in AIMING_VERBS):
                vote("PLACE", 2.0)  # "a ceremony at X", "fought at X": where a happening took place ("fired at X" no)
            elif prep in PLACE_PREPOSITIONS and (prep not in PEOPLE_PREPOSITIONS or head.head.pos_ in {"VERB", "AUX"}):
                vote("PLACE", PLACE_PREPOSITIONS[prep])  # "a letter to X" says nothing; "sailed to X" does
        elif dep in {"dobj", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
            if lemma in PLACE_VERBS:
                vote("PLACE", 1.0)
            if lemma in PERSON_OBJECT_VERBS:
                vote("PERSON", 1.0)
            if lemma in ORG_VERBS and dep == "dobj":
                vote("ORG", 0.5)
        elif dep == "nsubj" and head.pos_ in {"VERB", "AUX"} and lemma in PERSON_SUBJECT_VERBS:
            vote("PERSON", 1.0)
        elif dep == "appos" and head.pos_ == "NOUN":
            _noun_vote(head.lower_, vote)
    if head is not None and dep == "pobj" and head.lower_ == "as" and head.i > 0 and doc[head.i - 1].lower_ == "such" \
            and head.head.pos_ == "NOUN":
        _kind_vote(head.head, vote)  # "camps such as X", "towns such as X": X is one of them
    elif head is not None and dep == "pobj" and head.lower_ in {"including", "like"} and head.head.pos_ == "NOUN" \
            and head.head.tag_ == "NNS":
        _kind_vote(head.head, vote)
    for child in span.root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            _noun_vote(child.lower_, vote)
            if _is_title(child):
                vote("PERSON", 1.0)
    # a one-word plural in a collective's form: "Hussites", "Cypriots", "Hellenes", "Guelphs"
    if len(span) == 1 and span[0].tag_ == "NNPS" and COLLECTIVE_ENDINGS.search(span.text):
        vote("GROUP", 1.0)
    # "the noble X", "the poet X", "the samurai X": a person noun right before the name
    if span.start > 0 and doc[span.start - 1].lower_ in PERSON_NOUNS and doc[span.start - 1].pos_ in {"NOUN", "ADJ"}:
        vote("PERSON", 1.5)
    # "X on the Y River", "X on the Loire": a town on a river or a coast
    if span.end + 2 < len(doc) and doc[span.end].lower_ == "on" and doc[span.end + 1].lower_ == "the":
        k = span.end + 2
        while k < len(doc) and doc[k].pos_ == "PROPN":
            k += 1
        last = doc[k - 1]
        known = knowledge.lookup(doc[span.end + 2 : k].text) if k > span.end + 2 else None
        if k > span.end + 2 and (last.lower_ in WATERS or last.ent_type_ == "LOC" or
                                 k < len(doc) and doc[k].lower_ in WATERS or known is not None and known.type == "LOC"):
            vote("PLACE", 1.0)
    # ", who" right after the name
    after = span.end
    if after < len(doc) and doc[after].text == ",":
        after += 1
    # (not after "of": in "the captain of the Royal Guards, who ..." the clause is the captain's)
    after_of = dep == "pobj" and head is not None and head.lower_ == "of"
    if after < len(doc) and doc[after].lower_ in WHO and not after_of:
        vote("PERSON", 2.0)
    # "X's widow"
    if span.end + 1 < len(doc) and doc[span.end].text in {"'s", "’s", "'"}:
        nxt = doc[span.end + 1]
        k = span.end + 1
        while k < len(doc) and doc[k].pos_ == "ADJ":
            k += 1
        if k < len(doc) and doc[k].lower_ in PERSON_NOUNS:
            vote("PERSON", 2.0)
        elif nxt.lower_ in {"members", "member"}:
            vote("ORG", 1.0)
    return votes


def _kind_vote(noun: Token, vote) -> None:
    """A name given as one of a kind of thing ("camps such as X"): the kind's noun, in the singular, types it."""
    lemma = noun.lemma_.lower()
    kind = knowledge.heads().get(lemma)
    if lemma in PERSON_NOUNS or lemma in PLACE_NOUNS:
        _noun_vote(lemma, vote)
    elif kind is not None:
        vote({"GPE": "PLACE"}.get(kind[0], kind[0]), 1.5)  # LOC counts as a place too (resolve)


def _noun_vote(noun: str, vote) -> None:
    if noun in PERSON_NOUNS:
        vote("PERSON", 1.5)
    elif noun in PLACE_NOUNS:
        vote("LOC" if PLACE_NOUNS[noun] == "LOC" else "PLACE", 1.5)
    elif knowledge.heads().get(noun, ("",))[0] == "ORG":
        vote("ORG", 1.5)  # "X, the foreign office", "X, a secret society": a body


RULING_TITLE_KINDS = frozenset({"royalty", "nobility", "royalty and nobility"})
RULING_OFFICES = frozenset({"governor", "governor general", "governor-general", "viceroy", "satrap", "mayor",
                            "military governor", "beylerbey", "prefect", "proconsul", "lord lieutenant", "bey",
                            "pasha", "dey", "voivode", "ban", "despot", "exarch", "stadtholder", "doge"})


def rules_a_place(tok: Token) -> bool:
    """A ruler's or governor's title: its "of X" is a place ("the raja of X", "the governor of X"); an office's
    is usually a body ("the commissar of the X Flotilla")."""
    title = knowledge.titles().get(tok.lower_)
    return tok.pos_ in {"NOUN", "PROPN"} and title is not None and (
        title.kind in RULING_TITLE_KINDS or tok.lower_ in RULING_OFFICES)


def _is_title(tok: Token) -> bool:
    return tok.lower_ in knowledge.titles() and tok.pos_ in {"NOUN", "PROPN"}
