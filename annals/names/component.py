"""The ``annals_names`` pipeline component: names of people, organisations, places, groups, events, works.

spaCy's statistical NER is the starting point; on historical prose it makes mistakes of a few
recurring kinds, and this component corrects them with general rules of English and background
knowledge (:mod:`annals.knowledge`):

* titles and ranks ("General", "Ataman", "chairman", "War Minister") are split off person names and
  kept as the mention's ``title``;
* a name followed by a lowercase head noun is one name of that head's type ("Omsk coup" EVENT,
  "Tambov province" GPE, "Kuytun armistice" WORK), as is "battle of X";
* names joined by "of" are one name when the head before "of" is an organisation, event or work
  ("Committee of Members of the Constituent Assembly"), and are split when a person follows
  ("the Composite Division of Pavel Dybenko");
* acronyms (NTS, NKVD, RCP(b), VTsIK) are names; plural collectives (Ukrainians, Cossacks, white
  emigres) are GROUPs; nationality adjectives ("German", "Soviet") are not entities;
* quoted title-case phrases ("Battle Group") are names typed by their head noun;
* a parenthesis after a name that holds another name (another script, an acronym, a translation) is
  an alias of it, recorded as ``alias_of``;
* a list line that starts with a name ("- Fyodor Trukhin, chief of staff") names it, which the tagger
  misses without a sentence around it; a name never ends in a lowercase verb or preposition the tagger
  ran on ("the Council of Ministers named"), and two known names run together are two;
* the type comes from the gazetteer first, then the head noun, then the NER label, except that a name
  starting with a common given name ("Fyodor Abramov") is a person whatever the tagger says.

Results are :class:`NameSpan` records on ``doc._.names``, character offsets relative to the Doc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from annals import geo, knowledge
from annals.dates import lexicon as calendar_lexicon
from annals.dates.grammar import CALENDAR_MARK
from annals.names.type_evidence import (
    COLLECTIVE_ENDINGS,
    KIN_NOUNS,
    MOTION_VERBS,
    PERSON_NOUNS,
    PERSON_SUBJECT_VERBS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    PLACE_VERBS,
    evidence,
    rules_a_place,
)

NER_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "GROUP",
    "EVENT": "EVENT",
    "WORK_OF_ART": "WORK",
    "LAW": "WORK",
}
BULLETS = {"-", "*", "•", "–", "—", "·"}
DASHES = {"-", "–", "‐"}  # inside a name: "Ulm–Austerlitz", "Kolin-ki-Serai"
NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                "twenty", "thirty", "forty", "fifty", "hundred", "thousand"}
# Epithets that follow a ruler's or writer's name after "the" ("Alexander the Great", "Pliny the Elder").
EPITHETS = {"Great", "Younger", "Elder", "Bold", "Fair", "Pious", "Wise", "Good", "Terrible", "Conqueror", "Confessor",
            "Magnificent", "Unready", "Simple", "Fat", "Bald", "Tall", "Red", "Black", "Lame", "Just", "Cruel", "Mad",
            "Lawgiver", "Navigator", "Liberator", "Apostate", "Victorious", "Builder", "Blessed", "Saint", "Able",
            "Brave", "Lion", "Stammerer", "Peaceful", "Fowler", "Hammer", "Wanderer", "Troublesome", "Impaler",
            "Valiant", "Quiet", "Silent", "Illustrious", "Martyr", "Philosopher", "Righteous", "Strong"}
# Peerages: their "of X" styles a person ("Earl of Strafford") rather than naming a place the text speaks of.
PEERAGES = {"duke", "duchess", "earl", "countess", "marquess", "marquis", "marchioness", "viscount", "viscountess",
            "baron", "baroness", "count", "elector", "electress", "prince", "princess", "lord", "lady", "landgrave",
            "margrave", "burgrave"}
# Verbs whose subject is as often a place as a person: "X lies", "X fell", "X borders".
STATIVE_PLACE_VERBS = frozenset({"lie", "fall", "border", "stand", "remain", "become", "belong", "surrender",
                                 "rise", "suffer", "host", "contain", "face", "overlook", "flourish", "grow"})
# Styles after a first name that make one name with it: "Joanna, Queen of Naples", "Edward, Prince of Wales".
RULER_STYLES = PEERAGES | {"king", "queen", "emperor", "empress", "archduke", "archduchess", "tsar", "tsarina"}
# Clergy styled by their see ("the Archbishop of York"): the see is part of the style.
SEES = {"archbishop", "bishop", "metropolitan", "abbot", "abbess", "prior", "dean", "cardinal"}
# Titles written after the name in Ottoman, Persian, Mughal and Central Asian usage.
POSTPOSITIVE_TITLES = {"pasha", "pasa", "paşa", "bey", "beg", "khan", "agha", "aga", "effendi", "efendi", "sahib",
                       "begum", "mirza", "shah", "dey", "bashaw", "khatun", "hanim", "sultana"}
# Owners that belong to the name they own ("People's Party", "Children's Crusade", "Workers' Council").
COLLECTIVE_POSSESSORS = {"people", "peoples", "workers", "women", "men", "children", "soldiers", "sailors", "peasants",
                         "nations", "veterans", "officers", "farmers", "citizens", "king", "queen", "emperor", "nation"}
# Nouns that head a name from its front.
PREFIX_HEADS = {"operation": ("EVENT", "operation"), "fort": ("LOC", "fort"), "lake": ("LOC", "lake"),
                "mount": ("LOC", "mountain"), "cape": ("LOC", "cape"), "isle": ("LOC", "island"),
                "mont": ("LOC", "mountain"), "monte": ("LOC", "mountain"), "rio": ("LOC", "river"),
                "gulf": ("LOC", "gulf"), "bay": ("LOC", "bay"), "castle": ("LOC", "castle"),
                "county": ("GPE", "county"), "loch": ("LOC", "lake"), "lough": ("LOC", "lake"),
                "ciudad": ("GPE", "city"), "puerto": ("GPE", "city"), "hacienda": ("LOC", "estate"),
                "place": ("LOC", "square"), "plaza": ("LOC", "square"), "piazza": ("LOC", "square"),
                "praça": ("LOC", "square"), "stalag": ("LOC", "camp"), "oflag": ("LOC", "camp"),
                "dulag": ("LOC", "camp")}
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
# Romance "of" inside the name of a place or a body: "Casa del Obrero", "Plaza de Armas", "Palazzo della Ragione"
ROMANCE_PARTICLES = {"de", "del", "della", "dei", "delle", "di", "da", "do", "dos", "das", "des", "du"}
ROMANCE_ARTICLES = {"la", "las", "los", "le", "les", "l'", "lo"}
# Articles that begin a town's name in its own language: "A Coruña", "El Ferrol", "Den Helder"
PLACE_ARTICLES = {"A", "O", "As", "Os", "El", "La", "Las", "Los", "Le", "Les", "Il", "Lo", "Den", "De", "Het"}
NAME_PARTICLES = {"von", "van", "de", "der", "den", "du", "la", "le", "di", "da", "del", "al", "bin", "ibn", "y", "zu",
                  "dem", "vom", "zum", "zur", "ten", "ter", "della", "degli", "dei", "des", "dos", "das", "do"}
ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
ABBREV = re.compile(r"^(St|Ste|Mt|Ft)\.$")
# The words between a name and another name of the same thing: "X, better known as Y", "X, also called Y".
ALIAS_GAP = re.compile(r"^,?\s*(?:(?:better|also|commonly|popularly|generally|widely|usually|often|locally)\s+)?"
                       r"(?:known\s+as|called|nicknamed|styled)\s+(?:the\s+)?[\"“']?$")
# Between a name and a name it was given: "X received the name Y", "X took the title Y", "X was given the surname Y".
NAMING_GAP = re.compile(r"^,?\s+(?:(?:later|then|thus|also|soon|afterwards|eventually)\s+)?"
                        r"(?:received|took|assumed|adopted|earned|gained|acquired|won|was\s+given|was\s+granted|"
                        r"was\s+awarded|was\s+accorded|bore)\s+the\s+(?:(?:honorary|new|regnal|throne|victory)\s+)?"
                        r"(?:name|title|surname|epithet|cognomen|nickname|sobriquet|byname|agnomen)\s+(?:of\s+)?"
                        r"(?:the\s+)?[\"“']?$")
# Between a person's name and his style: "X, Earl of Y", "X, the Bishop of Y", "X, the future Duke of Y".
STYLE_GAP = re.compile(r"^,\s+(?:the\s+)?(?:(?:future|later|then|first|last|second|third)\s+)?$")
ACRONYM = re.compile(r"(?<![\w(])([A-ZÀ-ÖØ-ÞČŠŽ][A-Za-zÀ-ÖØ-öø-ÿČŠŽčšž]{1,7}(?:\([a-z]\))?)(?![\w])")
JOINERS = {"of", "for", "the", "and"}
# A ruler called by his era name: "the Kangxi Emperor".
ERA_RULERS = frozenset({"emperor", "empress"})
INDEFINITE = frozenset({"a", "an", "another", "any", "every", "each", "some", "no"})
# Words that precede a name in a parenthesis without being part of it ("also", "in Soviet usage").
PAREN_LEAD = re.compile(
    r"^(?:(?:also|or|literally|formerly|later|officially|so[- ]called|short for|known as|called|today|now|"
    r"modern|present-day|nowadays|"
    r"in [A-Z]?[a-z]+ usage|in [A-Z][a-z]+|after \d{3,4}|from \d{3,4}|until \d{3,4}|since \d{3,4}|lit\.|"
    r"[A-Z][a-z]+(?= ?:))[:,]?\s+)+"  # "Russian: ...", a language label
)
COLLECTIVE_HEADS = {"emigres", "émigrés", "emigrants", "exiles", "emigre", "émigré", "emigrant"}
_FOLDED_COLLECTIVE_HEADS = {knowledge.ascii_fold(h) for h in COLLECTIVE_HEADS}
WORK_NOUNS = {"book", "pamphlet", "novel", "memoir", "memoirs", "essay", "article", "poem", "treatise", "study",
              "newspaper", "journal", "magazine", "play", "opera", "film", "report", "manifesto", "diary", "textbook",
              "history", "biography", "autobiography", "song", "symphony", "painting", "paper"}
PUBLISHING_VERBS = {"publish", "published", "publishing", "publishes", "wrote", "writes", "issued", "issuing",
                    "edited", "printed", "printing"}
# Prepositions whose proper-noun object is taken as a name even when the tagger missed it ("to" and "from" also
# take people, "on" dates and topics).
# prepositions whose proper-noun object is a place wherever they stand ("to" and "from" only after a verb of motion)
PLACE_OBJECT_PREPOSITIONS = {p for p, weight in PLACE_PREPOSITIONS.items() if weight >= 1.0}
KNOWN_PLACE_POPULATION = 100_000  # an untagged proper noun GeoNames knows as a town this big by its own name


@dataclass
class NameSpan:
    """A name found in a Doc, before names are merged into entities."""

    start: int
    end: int
    text: str
    type: str | None
    subtype: str | None = None
    title: str | None = None
    title_start: int | None = None
    source: str = "ner"
    alias_of: int | None = None  # index of the NameSpan this one is another name for
    topic_alias: bool = False  # "it is called X": X names the document's topic
    ner_label: str | None = None
    sentence_start: int = 0
    priority: int = 0
    votes: dict[str, float] = field(default_factory=dict)  # what the sentence says of its type (type_evidence)

    @property
    def key(self) -> str:
        return knowledge.name_key(self.text)


def _is_cap(tok: Token) -> bool:
    return bool(tok.text) and (tok.text[0].isupper() or (tok.text[0].isdigit() and tok.like_num is False))


_NEVER_LAST = {"VERB", "AUX", "ADP", "SCONJ", "CCONJ", "DET", "PART", "PRON", "ADV"}


def _strip_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim determiners, lowercase modifiers ("the larger Union"), quotes, possessives and trailing function
    words off a token range."""
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space
                           or doc[start].is_lower and doc[start].is_alpha and start + 1 < end
                           and doc[start].lower_ not in NAME_PARTICLES):
        start += 1
    while end > start and (
        doc[end - 1].is_punct and doc[end - 1].text not in {")", "."}
        or doc[end - 1].lower_ in {"'s", "’s", "'", "of", "for", "and", "the", "in"}
        or doc[end - 1].is_space
        # a name never ends in a lowercase verb, preposition, conjunction or pronoun: the tagger's span
        # ran on ("the Council of Ministers named", "the Bolsheviks on")
        or doc[end - 1].is_lower and doc[end - 1].is_alpha and doc[end - 1].pos_ in _NEVER_LAST
        and doc[end - 1].lower_ not in NAME_PARTICLES
    ):
        end -= 1
    if end > start and doc[end - 1].text == ")" and "(" not in doc[start:end].text:
        end -= 1
    if end > start and doc[end - 1].text == "." and not (end - start == 1 or len(doc[end - 1 - 0].text) == 1):
        end -= 1
    return start, end


def _own_place_name(text: str) -> bool:
    """GeoNames knows a place by exactly this name (not a former or foreign one)."""
    place = geo.resolve(text)
    return place is not None and knowledge.name_key(knowledge.ascii_fold(place.name)) == \
        knowledge.name_key(knowledge.ascii_fold(text))


def _known_town(tok: Token) -> bool:
    """A proper noun GeoNames knows, by its own name, as a country, a first-level division or a town of
    KNOWN_PLACE_POPULATION people: a place name the tagger missed ("the army took Hakodate")."""
    if not _own_place_name(tok.text):
        return False
    place = geo.resolve(tok.text)
    return place is not None and (place.kind != "city" or (place.population or 0) >= KNOWN_PLACE_POPULATION)


class NameFinder:
    """Finds names in a Doc; see the module docstring for the rules."""

    def __init__(self, nlp: Language):
        self.titles = knowledge.titles()
        self.max_title = knowledge.max_title_words()
        self.title_starts = {t.split()[0].rstrip(".") for t in self.titles if t.split()}
        self.heads = knowledge.heads()
        self.lower_heads = knowledge.lowercase_heads()
        self.offices = knowledge.office_heads()
        self.adjectives = knowledge.demonym_adjectives()
        self.regimes = knowledge.regime_adjectives()

    # -- typing -------------------------------------------------------------------------
    def head_of(self, words: list[str]) -> str:
        """The head noun of a name: the word before the first "of"/"for", else the last word."""
        return words[knowledge.head_index(words)].lower() if words else ""

    def type_of(self, text: str, ner_label: str | None) -> tuple[str | None, str | None, str]:
        """(type, subtype, basis) of a name: gazetteer, then head noun, then the NER label."""
        known = knowledge.lookup(text)
        if known:
            return known.type, known.subtype, "gazetteer"
        words = re.findall(r"[\w'’-]+", text)
        if len(words) >= 3 and words[-2] == "the" and words[-1] in EPITHETS:
            return "PERSON", None, "head"  # "Ivan the Terrible"
        if len(words) >= 2 and words[-1].lower() in POSTPOSITIVE_TITLES and words[-2][:1].isupper():
            return "PERSON", None, "head"  # "Halil Pasha", "Osman Bey": a title after the name
        if len(words) == 1 and words[0][:1].isupper() and words[0].lower() in self.heads:
            t, sub = self.heads[words[0].lower()]
            return t, sub, "head"  # "Parliament", "the Senate", "the Army"
        if len(words) > 2 and words[0] == "House" and words[1] == "of":
            return "ORG", "dynasty", "head"  # "House of Lancaster", "House of Commons": a family or a chamber
        if len(words) > 1 and words[0].lower() in PREFIX_HEADS and words[0][:1].isupper():
            t, sub = PREFIX_HEADS[words[0].lower()]
            return t, sub, "head"  # "Operation Overlord", "Fort Sumter", "Lake Trasimene"
        head = self.head_of(words).replace("’", "'")
        if len(words) > 1 and head in self.heads:
            t, sub = self.heads[head]
            if not (t == "GPE" and head == "state" and ner_label == "ORG"):
                return t, sub, "head"
        if words and len(words) > 1:
            first = knowledge.lookup(" ".join(words[: words.index(head) + 1] if head in words else words[:1]))
            if first and first.type in {"WORK", "ORG"}:
                return first.type, first.subtype, "gazetteer-head"
        if ner_label in {"ORG", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART", "PRODUCT", "LAW"} and 2 <= len(words) <= 4 \
                and words[0].split("-")[0] in knowledge.given_names() \
                and all(w[:1].isupper() or w in NAME_PARTICLES or w in ROMANCE_ARTICLES for w in words) \
                and not any(w.casefold() in self.heads for w in words):
            return "PERSON", None, "given-name"  # "Fyodor Abramov", "Jean-Luc Morel" the tagger took for a body
        if ner_label:
            return NER_TYPES.get(ner_label), None, "ner"
        return None, None, "none"

    # -- rules --------------------------------------------------------------------------
    def match_title(self, doc: Doc, i: int) -> int:
        """Number of tokens of a title starting at token i (0 if none); longest title wins."""
        if doc[i].lower_.rstrip(".") not in self.title_starts:
            return 0
        for n in range(min(self.max_title, len(doc) - i), 0, -1):
            words = doc[i : i + n]
            key = " ".join(t.text for t in words).casefold().rstrip(".")
            if key in self.titles:
                return n
        return 0

    def name_tokens_after(self, doc: Doc, j: int, sent_end: int) -> int:
        """Index one past the capitalised name that starts at token j (j when there is none)."""
        k = j
        while k < sent_end:
            tok = doc[k]
            if tok.text[:1].isupper() and tok.is_alpha or ROMAN.match(tok.text) or re.match(r"^[A-Z]\.$", tok.text):
                k += 1
            elif tok.lower_ in NAME_PARTICLES and k > j:
                m = k
                while m < sent_end and doc[m].lower_ in NAME_PARTICLES and m - k < 3:
                    m += 1  # "von dem", "de la"
                if m >= sent_end or not doc[m].text[:1].isupper():
                    break
                k = m
            elif tok.text in {"-"} and k > j and k + 1 < sent_end and doc[k + 1].text[:1].isupper():
                k += 1
            else:
                break
        return k

    def titled_people(self, doc: Doc, sent: Span) -> list[NameSpan]:
        out = []
        i = sent.start
        while i < sent.end:
            if i + 3 < sent.end and doc[i].pos_ == "PROPN" and doc[i].is_title and doc[i + 1].text == "," and \
                    doc[i + 2].lower_ in RULER_STYLES and doc[i + 2].is_title and doc[i + 3].lower_ == "of" and \
                    (i == sent.start or not doc[i - 1].is_title and doc[i - 1].pos_ != "PROPN" and
                     doc[i - 1].lower_ not in NAME_PARTICLES) and i + 4 < sent.end and doc[i + 4].is_title:
                # a first name and a style, no surname: "Joanna, Queen of Naples", "Louis, Duke of Burgundy" are
                # how the text names the person
                k = self.name_tokens_after(doc, i + 4, sent.end)
                if doc[k - 1].lower_ not in self.heads:
                    whole = doc[i:k]
                    out.append(NameSpan(whole.start_char, whole.end_char, whole.text, "PERSON", None,
                                        source="title", priority=10))
                    i = k
                    continue
            if doc[i].lower_ == "the" and i + 2 < sent.end and doc[i + 1].pos_ == "PROPN" and doc[i + 1].is_title and \
                    doc[i + 2].lower_ in ERA_RULERS and doc[i + 2].is_title and \
                    doc[i + 1].lower_ not in self.adjectives and doc[i + 1].ent_type_ not in {"NORP", "GPE"}:
                # "the Kangxi Emperor", "the Meiji Emperor": a ruler called by the name of his era
                whole = doc[i + 1 : i + 3]
                out.append(NameSpan(whole.start_char, whole.end_char, whole.text, "PERSON", None,
                                    source="title", priority=10))
                i += 3
                continue
            if doc[i].lower_ in PEERAGES | SEES and doc[i].text[:1].isupper() and i + 2 < sent.end and \
                    doc[i + 1].lower_ == "of" and doc[i + 2].text[:1].isupper():
                # "the Duke of Alba", "Charles, Earl of Essex", "the Bishop of Durham": the style names a person
                k = self.name_tokens_after(doc, i + 2, sent.end)
                if k > i + 2 and doc[k - 1].lower_ not in self.heads:
                    style = doc[i:k]
                    out.append(NameSpan(style.start_char, style.end_char, style.text, "PERSON", None,
                                        source="title", priority=10))
                    i = k
                    continue
            n = self.match_title(doc, i)
            if not n:
                i += 1
                continue
            title_toks = doc[i : i + n]
            if not title_toks.text[0].isupper() and title_toks.text not in self.titles_lower_ok():
                i += 1
                continue
            j = i + n
            k = self.name_tokens_after(doc, j, sent.end)
            # "General Staff", "St. Sophia Square": a head noun at the end makes it not a person.
            if k > j and doc[k - 1].lower_ not in self.heads and self.match_title(doc, j) == 0:
                name = doc[j:k]
                end_char = name.end_char
                if name[-1].text.endswith(".") and ROMAN.match(name[-1].text[:-1]):
                    end_char -= 1  # "Emperor Alexander I." at the end of a sentence
                text = doc.text[name.start_char : end_char]
                if not knowledge.lookup(text) or knowledge.lookup(text).type == "PERSON":
                    t = self.titles[title_toks.text.casefold().rstrip(".")]
                    out.append(NameSpan(
                        name.start_char, end_char, text, "PERSON", t.holder, title_toks.text,
                        title_toks.start_char, "title", priority=10,
                    ))
                i = k
                continue
            i += n
        return out

    def titles_lower_ok(self) -> set[str]:
        # Offices written in lowercase before a name ("chairman Sergei Baidalakov").
        # Rulers, nobles, prelates and ranks too: "the Manchu prince Dorgon", "the tribune Gaius Gracchus" (not
        # "consul": "the American consul X" is a diplomat, no leader of his country).
        return {"chairman", "president", "commissar", "metropolitan", "general", "admiral", "tsar", "king", "queen",
                "prince", "princess", "emperor", "empress", "duke", "duchess", "sultan", "shah", "khan",
                "marshal", "field marshal", "colonel", "captain", "bishop", "cardinal", "pharaoh", "tribune",
                "praetor", "shogun", "regent", "rajah", "raja", "maharaja", "nawab", "emir", "caliph", "vizier",
                "grand vizier", "patriarch", "archbishop", "lieutenant", "major"}

    def head_extensions(self, doc: Doc, sent: Span, date_tokens: set[int]) -> list[NameSpan]:
        """'Omsk coup', 'Soviet-German war', 'July 20th plot', 'battle of Stalingrad'."""
        out = []
        for k in range(sent.start + 1, sent.end):
            tok = doc[k]
            lower = tok.lower_
            two = f"{doc[k - 1].lower_} {lower}" if k - 1 >= sent.start else ""
            if lower not in self.lower_heads and two not in self.lower_heads:
                continue
            if not tok.text.islower():
                continue
            end = k + 1
            j = k - 1 if two in self.lower_heads and doc[k - 1].text.islower() else k
            start = j
            has_proper = False
            while start - 1 >= sent.start:
                prev = doc[start - 1]
                if prev.pos_ in {"DET", "PRON"}:
                    break
                if prev.text == "-" or (prev.text[:1].isupper() and (prev.is_alpha or "-" in prev.text)):
                    if prev.pos_ == "PROPN" or prev.ent_type_ in {"GPE", "LOC", "PERSON", "ORG", "FAC"}:
                        has_proper = True
                    if prev.text == "-":
                        has_proper = True
                    start -= 1
                elif start - 1 in date_tokens and (prev.like_num or re.match(r"^\d+(st|nd|rd|th)$", prev.text)):
                    start -= 1
                else:
                    break
            while start < j and start in date_tokens:
                has_proper = True
                start += 1 if not doc[start].text[:1].isupper() else 0
                break
            # a run made only of a sentence-initial word or of nationality adjectives is not a name
            if start == j or not has_proper and all(doc[x].lower_ in self.adjectives for x in range(start, j)):
                continue
            if start == sent.start and doc[start].pos_ != "PROPN" and j - start == 1:
                continue
            if start > sent.start and doc[start - 1].lower_ in INDEFINITE:
                continue  # "a Catholic dynasty", "another Prussian army": a description, no name
            if doc[start].text == "-" or start > sent.start and doc[start - 1].text == "-":
                continue  # "an anti-Bolshevik government" is no name
            span = doc[start:end]
            t, sub = self.heads.get(lower, (None, None))
            if two in self.lower_heads and lower == "camp":
                t, sub = "LOC", "camp"
            if t:
                out.append(NameSpan(span.start_char, span.end_char, span.text, t, sub, source="head", priority=8))
        # "the battle of Stalingrad", "the siege of Leningrad"
        for k in range(sent.start, sent.end - 2):
            if doc[k].lower_ in {"battle", "siege", "fall", "sack", "capture", "treaty", "congress", "peace"} and \
                    doc[k + 1].lower_ == "of" and doc[k + 2].text[:1].isupper():
                e = self.name_tokens_after(doc, k + 2, sent.end)
                if e > k + 2:
                    t, sub = self.heads.get(doc[k].lower_, ("EVENT", doc[k].lower_))
                    if doc[k].lower_ in {"fall", "sack", "capture"}:
                        continue
                    span = doc[k:e]
                    out.append(NameSpan(span.start_char, span.end_char, span.text, t, sub, source="head", priority=8))
        return out

    def acronyms(self, doc: Doc, sent: Span, date_chars: list[tuple[int, int]]) -> list[NameSpan]:
        out = []
        base = sent.start_char
        for m in ACRONYM.finditer(sent.text):
            word = m.group(1)
            core = word.split("(")[0]
            uppers = sum(c.isupper() for c in core)
            plural = core.endswith("s") and uppers >= 2 and core[:-1].isupper()
            if uppers < 2 or ROMAN.match(core) or (uppers < len(core) / 2 and not plural and uppers < 3):
                continue
            if core in {"BC", "BCE", "AD", "CE", "OS", "NS", "II", "III"}:
                continue
            s, e = base + m.start(1), base + m.end(1)
            if any(a <= s < b for a, b in date_chars):
                continue
            known = knowledge.lookup(word)
            if known:
                t, sub = known.type, known.subtype
            elif plural:
                t, sub = "GROUP", None
            else:
                t, sub = "ORG", None
            out.append(NameSpan(s, e, word, t, sub, source="acronym", priority=3))
        return out

    def quoted_names(self, doc: Doc, sent: Span) -> list[NameSpan]:
        out = []
        for m in re.finditer(r"[\"“]([^\"“”]{2,60})[\"”]", sent.text):
            inner = m.group(1)
            words = inner.split()
            if not 1 <= len(words) <= 5 or not all(w[:1].isupper() for w in words if w.lower() not in JOINERS):
                continue
            t, sub, basis = self.type_of(inner, None)
            if t and basis != "none":
                s = sent.start_char + m.start(1)
                out.append(NameSpan(s, s + len(inner), inner, t, sub, source="quote", priority=6))
        return out

    def collectives(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """'white emigres', 'White Russian emigres', 'Russian émigrés': collectives named by a head."""
        out = []
        for k in range(sent.start + 1, sent.end):
            if knowledge.ascii_fold(doc[k].lower_) not in _FOLDED_COLLECTIVE_HEADS:
                continue
            start = k
            while start - 1 >= sent.start and (doc[start - 1].text[:1].isupper()
                                               or doc[start - 1].lower_ in {"white", "red"}):
                if start - 1 == sent.start and doc[start - 1].lower_ in {"the", "a"}:
                    break
                start -= 1
            if start < k and not (start == sent.start and doc[start].pos_ in {"DET", "PRON"}):
                span = doc[start : k + 1]
                out.append(NameSpan(span.start_char, span.end_char, span.text, "GROUP", "political group",
                                    source="group", priority=7))
        return out

    def plural_collectives(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """ "the Jacobites", "many Carlists", "the Philhellenes": a capitalised plural in a collective's form
        (type_evidence.COLLECTIVE_ENDINGS) inside a sentence names a group, which the tagger often leaves out."""
        out = []
        for tok in sent:
            if tok.i == sent.start or tok.tag_ not in {"NNPS", "NNS", "NNP"} or not tok.text[:1].isupper() or \
                    not tok.is_alpha or tok.ent_type_ in NER_TYPES or not COLLECTIVE_ENDINGS.search(tok.text) or \
                    tok.lower_ in knowledge.common_words() or tok.i + 1 < sent.end and \
                    doc[tok.i + 1].text[:1].isupper():
                continue
            before = doc[tok.i - 1]
            if before.text[:1].isupper() and (before.i != sent.start or before.pos_ == "PROPN"):
                continue  # a word of a longer name
            out.append(NameSpan(tok.idx, tok.idx + len(tok), tok.text, "GROUP", None, source="context", priority=1))
        return out

    def given_name_people(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """A common given name and one to three capitalised words after it ("Pavel Orlov", "Andrey
        Andreyevich Vlasov") name a person, which the small tagger sometimes misses altogether."""
        out = []
        given = knowledge.given_names()
        k = sent.start
        while k < sent.end - 1:
            tok = doc[k]
            if tok.text not in given or tok.pos_ != "PROPN" or k > sent.start and doc[k - 1].text[:1].isupper() \
                    and doc[k - 1].is_alpha:
                k += 1
                continue
            end = k + 1
            while end + 1 < sent.end and doc[end].text == "-" and not doc[end - 1].whitespace_ and \
                    not doc[end].whitespace_ and doc[end + 1].text[:1].isupper() and doc[end + 1].is_alpha:
                end += 2  # a double given name: "Jean-Baptiste", "Hans-Joachim"
            joined = end - k - 1
            while end < sent.end and end - k - joined < 4:
                if doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and doc[end].is_alpha:
                    end += 1
                    continue
                # "Adolfo de la Huerta", "Ludwig van Beethoven": particles inside the name, before its last word
                p = end
                while p < sent.end and doc[p].lower_ in NAME_PARTICLES | ROMANCE_ARTICLES and doc[p].is_lower:
                    p += 1
                if p == end or p - end > 2 or p >= sent.end or not (doc[p].text[:1].isupper() and doc[p].is_alpha):
                    break
                joined += p - end
                end = p
            words = [t.text for t in doc[k:end]]
            seat = self.seat_after(doc, end, sent.end) if end - k <= 2 else end
            if seat > end and not any(w.casefold() in self.heads for w in words):
                span = doc[k:seat]  # "Henry of Navarre", "John Graham of Claverhouse": a person named after a place
                out.append(NameSpan(span.start_char, span.end_char, span.text, "PERSON", None, source="given",
                                    priority=5))
                k = seat
                continue
            if end - k >= 2 and not any(w.casefold() in self.heads for w in words) \
                    and knowledge.lookup(" ".join(words)) is None:
                span = doc[k:end]
                out.append(NameSpan(span.start_char, span.end_char, span.text, "PERSON", None, source="given",
                                    priority=2))
            k = end
        return out

    def seat_after(self, doc: Doc, j: int, limit: int) -> int:
        """End of "of" and the one or two capitalised words of a place after a person's name ("of Navarre",
        "of Claverhouse"), or ``j`` when there is none (a head noun, "of the ...", a known non-place)."""
        if j + 1 >= limit or doc[j].lower_ != "of":
            return j
        end = j + 1
        while end < limit and end - j <= 2 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and \
                doc[end].is_alpha and doc[end].lower_ not in self.heads:
            end += 1
        if end == j + 1 or end < limit and (doc[end].text[:1].isupper() and doc[end].is_alpha or
                                            doc[end].lower_ == "of"):
            return j
        known = knowledge.lookup(doc[j + 1 : end].text)
        return end if known is None or known.type in {"GPE", "LOC"} else j

    def context_names(self, doc: Doc, sent: Span, date_tokens: set[int],
                      mid_caps: frozenset[str] | set[str] = frozenset()) -> list[NameSpan]:
        """A proper noun the tagger left out that is the object of a place preposition ("a skirmish at
        Wincanton", "they sailed to Naxos", "the garrison fled into Gaeta"), the "of" of a ruler's title ("the
        raja of Kotah") or the owner of a kinship noun ("Ossary's widow"): a name, typed by a list or head
        noun when one knows it, else by what the sentence says (a place; see type_evidence).  Lowest priority:
        it only fills the gaps of the other rules."""
        out = []
        for tok in sent:
            if tok.tag_ not in {"NNP", "NNS"} or not tok.text[:1].isupper() or not tok.is_alpha or \
                    tok.i in date_tokens or tok.ent_type_ in NER_TYPES:
                continue
            # the subject of a verb said of people ("Caesar died in 44 BC"); typed by that evidence alone
            said = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in PERSON_SUBJECT_VERBS and \
                not any(c.dep_ == "compound" for c in tok.children)
            # an apposition that is a title or a person noun: "X, the satrap of Y, ...", "X, a merchant, ..."
            titled = any(ch.dep_ == "appos" and ch.i > tok.i and ch.pos_ in {"NOUN", "PROPN"} and
                         (ch.lower_ in PERSON_NOUNS or ch.lower_ in self.titles) for ch in tok.children)
            # the one "under" whom a force moves or acts: "the fleet under Tromp", "Under Hamilcar the army ..."
            led = tok.dep_ == "pobj" and tok.head.lower_ == "under" and tok.tag_ == "NNP" and \
                tok.head.head.pos_ in {"VERB", "AUX", "NOUN"} and not _known_town(tok)
            # the subject of an active verb that is no known place: "In 1821 Iturbide proclaimed ..."
            opening = tok.is_sent_start and not (tok.text in mid_caps and tok.lower_ not in knowledge.common_words())
            acting = tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and not opening and \
                not any(c.dep_ in {"compound", "det", "poss"} for c in tok.children) and not _known_town(tok) and \
                tok.head.lemma_.lower() not in STATIVE_PLACE_VERBS and knowledge.lookup(tok.text) is None
            said = said or titled or led or acting
            if tok.tag_ == "NNS" and not titled:  # a name the tagger took for a plural ("Ostanes"), if a title says so
                continue
            if tok.is_sent_start and not said and not (tok.dep_ in {"nsubj", "nsubjpass"} and tok.tag_ == "NNP" and
                                                       tok.lower_ not in knowledge.common_words() and _known_town(tok)):
                continue  # a sentence's first word is a name only when it acts or is a town GeoNames knows
            listed = tok.dep_ == "conj" and tok.head.tag_ in {"NNP", "NNPS"} and tok.head.text[:1].isupper()
            owner = tok.dep_ == "poss" and tok.head.lower_ in PERSON_NOUNS  # "Ossary's widow"
            of = tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in {"NOUN", "PROPN"}
            ruled = of and rules_a_place(tok.head.head)
            kin = of and tok.head.head.lower_ in KIN_NOUNS  # "a pupil of X", "the son of X": a person
            site = of and tok.head.head.lower_ in PLACE_NOUNS  # "the port of X"
            instance = tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.i > 0 and \
                doc[tok.head.i - 1].lower_ == "such"  # "camps such as X": typed by its kind (type_evidence)
            placed = tok.dep_ == "pobj" and (tok.head.lower_ in PLACE_OBJECT_PREPOSITIONS or tok.head.lower_ in
                                             {"to", "from"} and tok.head.head.lemma_.lower() in MOTION_VERBS)
            reached = tok.dep_ == "dobj" and tok.head.lemma_.lower() in PLACE_VERBS  # "besieged X", "reached X"
            known = not (owner or kin) and _known_town(tok)
            if not (owner or ruled or placed or listed or said or kin or site or reached or known or instance):
                continue
            if tok.i > sent.start and doc[tok.i - 1].lower_ in NAME_PARTICLES:
                continue  # the end of a longer name ("Nuestra Señora del Rosario", "Casa de Contratación")
            if known and not (placed or reached) and tok.dep_ == "compound":
                continue  # a word of a longer name ("Hakodate Bay")
            if tok.dep_ == "pobj" and tok.head.head.text[:1].isupper() and tok.head.head.i < tok.head.i:
                continue  # "Commander in Chief", "Duke of Ormond": a capitalised phrase of its own
            start = tok.i
            while start - 1 >= sent.start and (start - 1 > tok.head.i or tok.head.i > tok.i) and \
                    doc[start - 1].tag_ == "NNP" and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
                    and not doc[start - 1].ent_type_:  # "Toussaint Louverture, a former slave, rose ..."
                start -= 1
            span = doc[start : tok.i + 1]
            words = [t.text for t in span]
            if not (owner or ruled or listed or said) and all(t.lower_ in knowledge.common_words() for t in span):
                continue  # "to the Crown", "the rival of the First Chief": words, as often as a name
            if any(w.casefold() in self.adjectives or w.casefold().rstrip(".") in self.titles for w in words) or \
                    self.match_title(doc, start):
                continue
            t, sub, basis = self.type_of(span.text, None)
            if basis == "none" and len(span) == 1 and span[0].lower_ in self.heads:
                t, sub, basis = *self.heads[span[0].lower_], "head"  # "Parliament", "the Senate"
            if listed and not t:  # "Hydra, Spetses and Psara": what the list's first name is, by the evidence
                t = NER_TYPES.get(tok.head.ent_type_)
            out.append(NameSpan(span.start_char, span.end_char, span.text,
                                t or ("PERSON" if owner or said or kin else "GPE"), sub, priority=1,
                                source="chunk" if basis in {"head", "gazetteer"} else "context"))
        return out

    def epithet_names(self, doc: Doc, sent: Span, date_tokens: set[int]) -> list[NameSpan]:
        """ "Pliny the Younger", "Louis the Pious": a capitalised name, "the" and an epithet name a person,
        whatever the tagger saw."""
        out = []
        for k in range(sent.start + 2, sent.end):
            if doc[k].text not in EPITHETS or doc[k - 1].lower_ != "the" or doc[k - 2].i in date_tokens:
                continue  # "by 14 September the Red Army": a date, no name
            start = k - 1
            while start - 1 >= sent.start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha and \
                    k - start < 4 and not (start - 1 == sent.start and doc[start - 1].pos_ != "PROPN"):
                start -= 1
            if start < k - 1:
                span = doc[start : k + 1]
                out.append(NameSpan(span.start_char, span.end_char, span.text, "PERSON", None, source="given",
                                    priority=5))
        return out

    def numbered_bodies(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """A body named by its number: "the Seven Sages", "the Twelve Apostles", "the Big
        Three": capitalised words after "the" with a number word among them, ending in it or in a plural noun,
        and no head noun that makes them something else ("the Seven Years' War")."""
        out = []
        for k in range(sent.start, sent.end - 1):
            if doc[k].lower_ != "the":
                continue
            end = k + 1
            while end < sent.end and doc[end].text[:1].isupper() and doc[end].is_alpha:
                end += 1
            words = [t.lower_ for t in doc[k + 1 : end]]
            if not 2 <= len(words) <= 4 or not any(w in NUMBER_WORDS for w in words):
                continue
            last = doc[end - 1]
            if not (last.lower_ in NUMBER_WORDS or last.tag_ in {"NNS", "NNPS"} and last.lower_.endswith("s")):
                continue
            if any(w in self.heads for w in words) or end < sent.end and doc[end].text in {"'", "'s", "’"}:
                continue
            span = doc[k + 1 : end]
            known = knowledge.lookup(span.text)
            t, sub = (known.type, known.subtype) if known else ("GROUP", "numbered body")
            out.append(NameSpan(span.start_char, span.end_char, span.text, t, sub, source="group", priority=2))
        return out

    def possessive_sites(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """A site named after its owner: "Hadrian's Wall", "Napoleon's Tomb", "Martyrs' Square" (one name; the
        owner is no entity of its own there).  Only site heads: "Garibaldi's Army" is the army of a person."""
        out = []
        for k in range(sent.start + 1, sent.end - 1):
            if doc[k].text not in {"'s", "’s", "'", "’"} or not doc[k + 1].text[:1].isupper():
                continue
            head = self.heads.get(doc[k + 1].lower_)
            if head is None or head[0] != "LOC" or (k + 2 < sent.end and doc[k + 2].text[:1].isupper()):
                continue
            start = k
            while start - 1 >= sent.start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha and \
                    k - start < 3:
                start -= 1
            if start < k:
                span = doc[start : k + 2]
                out.append(NameSpan(span.start_char, span.end_char, span.text, head[0], head[1], source="chunk",
                                    priority=6))
        return out

    def list_item_name(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """A list line that starts with a name and says what it is: "- Fyodor Trukhin, chief of staff".  The
        small tagger misses names there, having no sentence around them.  The name is the run of capitalised
        words after the bullet, up to the comma, colon, dash or parenthesis; a person when it has no head
        noun of its own and the gazetteer does not know it otherwise."""
        first = sent[0] if not sent[0].is_space or len(sent) < 2 else sent[1]
        if first.text not in BULLETS:  # before any other work: most sentences are no list line
            return []
        toks = [t for t in sent if not t.is_space]
        run = []
        for t in toks[1:]:  # up to the end of the line when nothing follows the name
            if t.text in {",", ":", "(", "-", "–", "—", ";"}:
                break
            if not (t.text[:1].isupper() or t.lower_ in NAME_PARTICLES) or not (t.is_alpha or "-" in t.text):
                return []
            run.append(t)
        if not 2 <= len(run) <= 4:
            return []
        span = doc[run[0].i : run[-1].i + 1]
        t, sub, basis = self.type_of(span.text, None)
        if t is None:
            t, sub = "PERSON", None
        return [NameSpan(span.start_char, span.end_char, span.text, t, sub, source="list", priority=5)]

    def headed_chunks(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """Runs of capitalised words ending in a capitalised head noun: 'Prague Manifesto',
        'Russian Orthodox Church Outside Russia', 'Council of People's Commissars'."""
        out = []
        k = sent.start
        while k < sent.end:
            tok = doc[k]
            if not (tok.text[:1].isupper() and (tok.is_alpha or ABBREV.match(tok.text))) or \
                    (k == sent.start and tok.pos_ != "PROPN") or tok.pos_ in {"DET", "PRON"}:
                k += 1
                continue
            end = k
            last_head = None
            while end < sent.end:
                t = doc[end]
                if t.text in DASHES and end + 1 < sent.end and doc[end + 1].text[:1].isupper() and end > k:
                    end += 1
                elif t.text[:1].isupper() and (t.is_alpha or "-" in t.text or ABBREV.match(t.text)):
                    if t.lower_ in self.heads:
                        last_head = end
                    end += 1
                elif ACRONYM.fullmatch(t.text + (")" if "(" in t.text else "")) and t.text[:1].isupper():
                    end += 2 if "(" in t.text and end + 1 < sent.end and doc[end + 1].text == ")" else 1
                elif t.lower_ in {"of", "for"} and end + 1 < sent.end and (
                        doc[end + 1].text[:1].isupper() and doc[end + 1].is_alpha
                        or doc[end + 1].lower_ == "the" and end + 2 < sent.end and doc[end + 2].text[:1].isupper()):
                    nxt = end + 2 if doc[end + 1].lower_ == "the" else end + 1
                    if last_head is None or self.match_title(doc, nxt) or doc[nxt].ent_type_ == "PERSON" or \
                            self.person_tail(doc, nxt, sent.end) or \
                            doc[end + 1].lower_ == "the" and last_head == end - 1 and \
                            self.body_after(doc, last_head, nxt, sent.end):
                        break
                    end += 2 if doc[end + 1].lower_ == "the" else 1
                elif t.lower_ == "and" and self.and_inside_of(doc, k, end, last_head, sent.end):
                    end += 1  # "Academy of Arts and Sciences", "Society of Righteous and Harmonious Fists"
                elif t.text in {"'s", "’s"} and end + 1 < sent.end and doc[end + 1].text[:1].isupper():
                    end += 1
                else:
                    break
            if last_head is not None and self.match_title(doc, k) == 0:
                stop = end if doc[end - 1].text[:1].isupper() or doc[end - 1].text == ")" else last_head + 1
                words = [t.text for t in doc[k:stop]]
                if len(words) > 1:
                    span = doc[k:stop]
                    t, sub, basis = self.type_of(span.text, None)
                    if t and basis in {"head", "gazetteer"}:
                        out.append(NameSpan(span.start_char, span.end_char, span.text, t, sub, source="chunk",
                                            priority=4))
            k = max(end, k + 1)
        return out

    def body_after(self, doc: Doc, head: int, j: int, limit: int) -> bool:
        """Whether a body named by the head noun at ``head`` is followed, after "of the", by another body's full
        name (capitalised words and a body's head noun): "the Eastern Squadron of the Imperial Navy", "the Third
        Battalion of the Royal Fusiliers" are two bodies, one part of the other."""
        if self.heads.get(doc[head].lower_, ("",))[0] != "ORG":
            return False
        k = self.name_tokens_after(doc, j, limit)
        return k - j >= 2 and self.heads.get(doc[k - 1].lower_, ("",))[0] == "ORG"

    def and_inside_of(self, doc: Doc, k: int, i: int, last_head: int | None, limit: int) -> bool:
        """Whether the "and" at token ``i`` joins words inside the "of" part of a body's name that starts at ``k``:
        "Ministry of War and Marine", "Academy of Arts and Sciences", "Society of Righteous and Harmonious
        Fists" are one name each, as the parse says (the words after "and" hang on the object of "of"), while
        "the Committee of Public Safety and the Commune" or "the Society of Jesus and Francis Xavier" are two."""
        if last_head is None or self.heads.get(doc[last_head].lower_, ("",))[0] != "ORG" or i + 1 >= limit:
            return False
        nxt = doc[i + 1]
        if not (nxt.text[:1].isupper() and nxt.is_alpha) or nxt.lower_ in self.heads:
            return False
        ofs = [t for t in doc[last_head:i] if t.lower_ == "of"]
        objects = [c for c in ofs[-1].children if c.dep_ == "pobj"] if ofs else []
        if not objects or nxt.i not in {t.i for t in objects[0].subtree}:
            return False
        stop = self.name_tokens_after(doc, i + 1, limit)
        tail = doc[i + 1 : stop]
        return not (len(tail) and tail[0].ent_type_ == "PERSON" and tail[-1].tag_ not in {"NNPS", "NNS"})

    def named_works(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """'the pamphlet The Kronstadt Rebellion', 'Avrich's Kronstadt 1921': titles of works."""
        out = []
        for k in range(sent.start, sent.end - 1):
            tok = doc[k]
            after_noun = tok.lower_ in WORK_NOUNS and tok.text.islower()
            after_owner = tok.text in {"'s", "’s"} and k > sent.start and doc[k - 1].ent_type_ == "PERSON"
            after_verb = tok.lower_ in PUBLISHING_VERBS
            if not (after_noun or after_owner or after_verb):
                continue
            j = k + 1
            e = j
            while e < sent.end:
                if doc[e].text[:1].isupper() or doc[e].like_num and e > j:
                    e += 1
                    continue
                ahead = e + 1
                while ahead < sent.end and doc[ahead].lower_ in {"the", "a"}:
                    ahead += 1
                # a title that opens with a capital "The" after its noun ("the painting The Burning at Ostra")
                # runs on through the prepositions of a title too
                joins = {"of", "the", "and", "to", "a"} | ({"at", "in", "on", "from", "with", "before"}
                                                           if after_noun and doc[j].text == "The" else set())
                if doc[e].lower_ in joins and e > j and ahead < sent.end and doc[ahead].text[:1].isupper() and \
                        (doc[e].lower_ in {"of", "the", "and", "to", "a"} or ahead == e + 1):
                    e = ahead
                    continue
                break
            if e == j or doc[j].ent_type_ in {"PERSON", "GPE", "NORP"} and e - j == 1:
                continue
            if after_verb and (e - j < 2 or doc[j].ent_type_ in {"PERSON", "GPE", "NORP", "DATE"}):
                continue
            span = doc[j:e]
            if knowledge.lookup(span.text) and knowledge.lookup(span.text).type not in {"WORK", "EVENT"}:
                continue
            if after_owner and span[-1].lower_ in self.heads and self.heads[span[-1].lower_][0] != "WORK":
                continue
            out.append(NameSpan(span.start_char, span.end_char, span.text, "WORK", tok.lower_ if after_noun else None,
                                source="work", priority=8))
        return out

    def ner_names(self, doc: Doc) -> list[NameSpan]:
        out = []
        ents = list(doc.ents)
        for n, ent in enumerate(ents):
            if ent.label_ not in NER_TYPES:
                continue
            start, end = ent.start, ent.end
            if n and ents[n - 1].end == start and ents[n - 1].label_ == ent.label_ == "PERSON" and \
                    doc[start - 1].whitespace_ and doc[start].text[:1].isupper():
                continue  # "Willem Adriaan" + "Hooft": taken as one by the name before
            while ent.label_ == "PERSON" and n + 1 < len(ents) and ents[n + 1].start == end and \
                    ents[n + 1].label_ == "PERSON" and doc[end - 1].whitespace_ and doc[end].text[:1].isupper():
                end = ents[n + 1].end  # one person's name the tagger cut in two
                n += 1
            # cut at a parenthesis or line break inside the entity
            for x in range(start, end):
                if doc[x].text in {"(", "\n"} or "\n" in doc[x].text:
                    end = x
                    break
            start, end = _strip_span(doc, start, end)
            if end <= start:
                continue
            while ent.label_ == "PERSON" and start > 0 and end - start < 4 and self.cut_forename(doc, start - 1):
                start -= 1  # "Lucius Varro" or "Ignacy Domeyko" that the tagger cut to "Varro", "Domeyko"
            given_before = ent.label_ != "PERSON" and self.given_name_before(doc, start, end)
            if given_before:
                start -= 1  # "Gustav Hallberg" the tagger cut to an organisation "Hallberg"
            while end + 1 < len(doc) and doc[end].text in {"-", "‑"} and not doc[end - 1].whitespace_ and \
                    not doc[end].whitespace_ and doc[end + 1].is_alpha and not doc[end + 1].ent_type_ and \
                    ent.label_ != "NORP" and (doc[end + 1].text[:1].isupper() or
                                              doc[end + 1].lower_ not in knowledge.common_words()):
                end += 2  # "Enryaku-ji", "Aix-la-Chapelle" the tagger cut at the hyphen (not "Polish-born")
            while ent.label_ == "PERSON" and end < len(doc) and end - start < 4 and self.cut_surname(doc, end):
                end += 1  # "Pedro Alves" the tagger cut to "Pedro"
            if ent.label_ == "PERSON" and end < len(doc) and ROMAN.match(doc[end].text) and \
                    (doc[end].text != "I" or doc[end].pos_ == "PROPN") and doc[end].ent_type_ == "":
                end += 1  # "Nicholas I's assumption": the regnal number the tagger left out
            if ent.label_ == "GPE" and start > 0 and doc[start - 1].lower_ in self.regimes and \
                    doc[start - 1].text[:1].isupper() and not knowledge.lookup(doc[start:end].text + "s"):
                start -= 1  # "Soviet Russia", "Nazi Germany", "Vichy France"
            pieces = [(start, end, "PERSON")] if given_before else \
                self.split_known(doc, start, end) or self.split_of_person(doc, start, end) or \
                self.split_place_in_place(doc, start, end) or \
                self.split_before_people(doc, start, end) or [(start, end, None)]
            for piece in pieces:
                s, e, forced = piece
                span = doc[s:e]
                for n in self.split_coordination(doc, span, forced or ent.label_):
                    last = n.text.split()[-1]
                    if last.endswith(".") and ROMAN.match(last[:-1]):  # "Nicholas I." ending a sentence
                        n.end -= 1
                        n.text = n.text[:-1]
                    out.append(n)
        return out

    def given_name_before(self, doc: Doc, start: int, end: int) -> bool:
        """A common given name right before a name of one or two words the tagger took for a body or a place, bound
        to it by the parse ("Gustav Hallberg", "Ayşe Demir" opening a sentence, where the small tagger may even read
        the given name as a common noun): the two are a person's name. Not when the name has a head noun of a body
        or place ("Alice Springs") or the gazetteer knows it."""
        if start == 0 or end - start > 2:
            return False
        tok = doc[start - 1]
        if tok.text not in knowledge.given_names() or tok.ent_type_ or tok.pos_ not in {"PROPN", "NOUN"} or \
                tok.dep_ != "compound" or not start <= tok.head.i < end:
            return False
        words = doc[start - 1 : end]
        return not any(t.lower_ in self.heads or not t.text[:1].isupper() for t in words) and \
            not knowledge.lookup(words.text) and not knowledge.lookup(doc[start:end].text)

    def cut_surname(self, doc: Doc, i: int) -> bool:
        """Token i is the surname the tagger left out of the person's name before it: a capitalised proper noun
        outside any entity that the name's last word is bound to as a compound ("elected Pedro Alves"), and no
        title, head noun, nationality or known name."""
        tok = doc[i]
        return not tok.ent_type_ and tok.is_alpha and tok.text[:1].isupper() and tok.tag_ in {"NNP", "NNPS"} and \
            doc[i - 1].dep_ == "compound" and doc[i - 1].head.i == i and tok.lower_ not in self.titles and \
            tok.lower_ not in self.heads and tok.lower_ not in self.adjectives and not knowledge.lookup(tok.text)

    def cut_forename(self, doc: Doc, i: int) -> bool:
        """Token i is a forename the tagger cut off the person's name after it: a common given name, or a
        capitalised proper noun of the same sentence that is no title, nationality, known name or sentence-opening
        word of another kind."""
        tok = doc[i]
        if tok.ent_type_ or not tok.is_alpha or not tok.text[:1].isupper() or tok.pos_ != "PROPN":
            return False
        if tok.text in knowledge.given_names():
            return True
        # a sentence's first word only when the parse makes it part of the name after it ("Mamadou Keita, a clerk,
        # rose ..."), and no common word ("Later Keita ...")
        opening = tok.is_sent_start and (tok.dep_ != "compound" or tok.head.i <= i or
                                         tok.lower_ in knowledge.common_words())
        return tok.tag_ == "NNP" and not opening and tok.lower_ not in self.titles and \
            tok.lower_ not in self.adjectives and tok.lower_ not in self.heads and not knowledge.lookup(tok.text) and \
            not self.match_title(doc, i) and (i == 0 or not doc[i - 1].text[:1].isupper() or doc[i - 1].is_punct)

    def split_known(self, doc: Doc, start: int, end: int) -> list[tuple[int, int, str | None]]:
        """Two names the tagger ran together ("the Moscow Peace Treaty Finland ceded ...", "After the October
        Revolution Orlov led ..."): each its own, when the first is a name the gazetteer knows and the whole
        is not, and the rest is known too, or is a person's name after a phrase opened by a preposition."""
        if end - start < 2 or knowledge.lookup(doc[start:end].text):
            return []
        before = start - 1
        while before >= 0 and doc[before].lower_ in {"the", "a", "an"}:
            before -= 1
        opened = before >= 0 and doc[before].pos_ in {"ADP", "SCONJ"}  # "After the October Revolution Orlov led"
        # "From Lisbon Pombal wrote ...": a place after a preposition, then the subject of a verb that has none
        subjectless = opened and before == start - 1 and end < len(doc) and \
            doc[end].tag_ in {"VBD", "VBZ", "VBP", "MD"} and not any(c.dep_ in {"nsubj", "nsubjpass"}
                                                                     for c in doc[end].children)
        for k in range(start + 1, end):
            if not doc[k].text[:1].isupper():
                continue
            if subjectless and end - k <= 3 and self._a_place(doc[start:k].text) and \
                    all(t.is_alpha and t.text[:1].isupper() and t.lower_ not in self.heads for t in doc[k:end]):
                return [(start, k, None), (k, end, None if knowledge.lookup(doc[k:end].text) else "PERSON")]
            if not knowledge.lookup(doc[start:k].text):
                continue
            rest = doc[k:end]
            if knowledge.lookup(rest.text):
                return [(start, k, None), (k, end, None)]
            # a known name of several words after a preposition, then the sentence's subject
            if k - start >= 2 and len(rest) <= 3 and (opened or rest[0].text in knowledge.given_names()) \
                    and all(t.is_alpha and t.text[:1].isupper() and t.lower_ not in self.heads for t in rest):
                return [(start, k, None), (k, end, "PERSON")]
        return []

    @staticmethod
    def _a_place(text: str) -> bool:
        """A place a list or GeoNames knows."""
        known = knowledge.lookup(text)
        return known.type in {"GPE", "LOC"} if known is not None else geo.resolve(text) is not None

    def split_place_in_place(self, doc: Doc, start: int, end: int) -> list[tuple[int, int, str | None]]:
        """A village and the county, province or country it lies in, which the tagger took for one name ("Ardee
        in County Louth", "Tarnow in Galicia"): two places, when the part before "in" is one to three capitalised
        words with no head noun of a body ("Church of Christ in China" stays one) and the part after is a place
        a list or GeoNames knows, or one whose head noun is a place's ("County Louth")."""
        for x in range(start + 1, end - 1):
            if doc[x].lower_ not in {"in", "near"}:  # "Davout near Eckmuhl": a name and the place near it too
                continue
            left, right = doc[start:x], doc[x + 1 : end]
            if right[0].lower_ == "the":
                right = right[1:]
            known_left = knowledge.lookup(left.text)
            if not right or len(left) > 3 or knowledge.lookup(doc[start:end].text) is not None or \
                    any(not t.text[:1].isupper() or t.lower_ in self.heads or not t.is_alpha for t in left) or \
                    known_left is not None and known_left.type not in {"GPE", "LOC"}:
                return []
            if any(not t.text[:1].isupper() and t.lower_ not in {"of", "the"} for t in right):
                return []
            place_head = any(self.heads.get(t.lower_, ("",))[0] in {"GPE", "LOC"} for t in right)
            if self._a_place(right.text) or knowledge.lookup(right.text) is None and (
                    place_head or doc[x].lower_ == "near" and len(right) <= 3):
                return [(start, x, None), (right.start, end, None)]
            return []
        return []

    def split_of_person(self, doc: Doc, start: int, end: int) -> list[tuple[int, int, str | None]]:
        """'Composite Division of Pavel Dybenko' -> the unit and the person."""
        for x in range(start + 1, end - 1):
            if doc[x].lower_ != "of":
                continue
            if doc[x - 1].lower_ in self.heads and self.person_tail(doc, x + 1, end) == end:
                return [(start, x, None), (x + 1, end, "PERSON")]
        return []

    def split_before_people(self, doc: Doc, start: int, end: int) -> list[tuple[int, int, str | None]]:
        """'Under Hannibal the Carthaginians crossed ...', 'Under X the garrison held ...': the tagger ran a
        name and the subject after it into one; a plural after "the" is a people, never an epithet ("Pliny
        the Younger"), and a lowercase word after "the" is no part of a name."""
        for x in range(start + 1, end - 1):
            if doc[x].lower_ != "the":
                continue
            if doc[x + 1].text[:1].islower() and doc[x + 1].is_alpha:
                return [(start, x, None)]
            if x + 2 == end and doc[x + 1].text[:1].isupper() and \
                    (doc[x + 1].tag_ == "NNPS" or doc[x + 1].text.endswith("s") and doc[x + 1].text not in EPITHETS):
                return [(start, x, None), (x + 1, end, None)]
        return []

    def person_tail(self, doc: Doc, j: int, limit: int) -> int:
        """End of a person-like name ("Pavel Dybenko") starting at token j, or 0 when there is none."""
        k = self.name_tokens_after(doc, j, limit)
        tail = doc[j:k]
        words = [t.text for t in tail]
        if 2 <= len(words) <= 4 and words[-1].lower() not in self.heads and not knowledge.lookup(tail.text) and \
                geo.resolve(tail.text) is None and \
                not any(knowledge.lookup(w) or w.casefold() in self.adjectives for w in words) and \
                all(t.tag_ == "NNP" for t in tail if t.text[:1].isupper()):
            return k
        return 0

    def split_coordination(self, doc: Doc, span: Span, label: str) -> list[NameSpan]:
        """'Mensheviks and Socialist Revolutionaries' as one ORG span -> two groups; 'Genoa, Pisa and
        Florence' -> three names: a list is never one name."""
        listed = self.split_list(doc, span, label)
        if listed:
            return listed
        parts = [[]]
        for tok in span:
            if tok.lower_ == "and" and label in {"ORG", "NORP", "GPE", "LOC", "FAC"}:
                parts.append([])
            else:
                parts[-1].append(tok)
        spans = [doc[p[0].i : p[-1].i + 1] for p in parts if p]
        if len(spans) > 1 and all(s.text.endswith("s") and s[-1].tag_ in {"NNPS", "NNS"} or knowledge.lookup(s.text)
                                  for s in spans):
            return [NameSpan(s.start_char, s.end_char, s.text, "GROUP", None, ner_label="NORP", source="ner",
                             priority=4) for s in spans]
        # "Setif and Guelma": two places, unless a list knows the whole ("Bosnia and Herzegovina") or a head noun
        # ends it ("Peter and Paul Fortress")
        if len(spans) > 1 and label in {"GPE", "LOC", "FAC"} and knowledge.lookup(span.text) is None and \
                geo.resolve(span.text) is None and all(
                    1 <= len(s) <= 3 and all(t.text[:1].isupper() and t.lower_ not in self.heads for t in s)
                    for s in spans):
            out = []
            for s in spans:
                t, sub, basis = self.type_of(s.text, label)
                out.append(NameSpan(s.start_char, s.end_char, s.text, t, sub if basis != "ner" else None,
                                    ner_label=label, source="ner", priority=4))
            return out
        # a span with ordinary lowercase words inside ("Entente during World War I") is a tagging slip
        inner_lower = any(t.is_lower and t.lower_ not in JOINERS | NAME_PARTICLES | {"at", "in", "on", "'s"}
                          for t in span[1:-1])
        return [NameSpan(span.start_char, span.end_char, span.text, NER_TYPES[label], None, ner_label=label,
                         source="ner", priority=3 if inner_lower else 4)]

    def split_list(self, doc: Doc, span: Span, label: str) -> list[NameSpan]:
        """The items of a span that is a list ("A, B and C", "A, B, C"): each a name of its own, unless an item
        after a comma is a title ("Maurice, Prince of Nassau") or the span is a name with "of" in it."""
        if not any(t.text == "," for t in span):
            return []
        items, cur = [], []
        for tok in span:
            if tok.text == "," or tok.lower_ in {"and", "or"}:
                if cur:
                    items.append(cur)
                cur = []
            else:
                cur.append(tok)
        if cur:
            items.append(cur)
        if len(items) < 2 or any(not item[0].text[:1].isupper() or len(item) > 4 for item in items):
            return []
        if any(t.lower_ in {"of", "the"} for t in span) or any(self.match_title(doc, item[0].i) for item in items):
            return []
        out = []
        for item in items:
            piece = doc[item[0].i : item[-1].i + 1]
            t, sub, basis = self.type_of(piece.text, label)
            out.append(NameSpan(piece.start_char, piece.end_char, piece.text, t, sub if basis != "ner" else None,
                                ner_label=label, source="ner", priority=4))
        return out

    def gazetteer_names(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """Capitalised runs (and lowercase collectives) that the gazetteer knows, longest first."""
        out = []
        toks = list(sent)
        i = 0
        while i < len(toks):
            found = 0
            if not toks[i].text[:1].isupper():  # every piece that starts here would be skipped below
                i += 1
                continue
            for n in range(min(6, len(toks) - i), 0, -1):
                piece = doc[toks[i].i : toks[i].i + n]
                if not piece.text[:1].isupper() or piece[-1].is_punct:
                    continue
                known = knowledge.lookup(piece.text)
                if known and (n > 1 or piece[0].pos_ == "PROPN" or piece.text.isupper()
                              or piece[0].tag_ in {"NNPS", "NNS"} or i > 0 and known.source != "groups.json"):
                    if n == 1 and piece.text.casefold() in self.adjectives and known.source == "groups.json":
                        continue
                    nxt = piece.end
                    bare = [t for t in piece if t.lower_ != "the"]
                    if len(bare) == 1 and bare[0].lower_ in knowledge.common_words() and nxt < sent.end and \
                            doc[nxt].text[:1].isupper() and doc[nxt].is_alpha:
                        continue  # "States" of "the States General": a word of a longer name, not the country
                    out.append(NameSpan(piece.start_char, piece.end_char, piece.text, known.type, known.subtype,
                                        source="gazetteer", priority=4))
                    found = n
                    break
            i += found or 1
        return out

    def acronym_expansions(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """ "Organisation armée secrète (OAS)", "Partido Revolucionario Institucional (PRI)": the words before an
        acronym in brackets whose initials spell it, in order (joining words such as "of", "de", "the" aside),
        are one name even where some are lowercase, which the tagger cuts (after Schwartz and Hearst's
        abbreviation rule)."""
        out = []
        skip = JOINERS | NAME_PARTICLES | {"des", "la", "le", "les", "et", "y", "e", "und", "für", "pour", "del"}
        for k in range(sent.start + 2, sent.end - 2):
            if doc[k].text != "(" or doc[k + 2].text != ")":
                continue
            acr = doc[k + 1].text
            if not (2 <= len(acr) <= 6 and acr.isupper() and acr.isalpha()):
                continue
            need, start = len(acr) - 1, None
            for t in reversed(doc[max(sent.start, k - len(acr) - 4) : k]):
                if t.is_punct or t.like_num:
                    break
                if t.lower_ in skip:
                    continue
                if t.text[:1].casefold() != acr[need].casefold():
                    break
                need -= 1
                if need < 0:
                    start = t.i
                    break
            if start is None or k - start < 2 or not doc[start].text[:1].isupper():
                continue
            span = doc[start:k]
            t, sub, basis = self.type_of(span.text, None)
            out.append(NameSpan(span.start_char, span.end_char, span.text, t or "ORG", sub, source="chunk",
                                priority=6))
        return out

    def parenthetical_aliases(self, doc: Doc, names: list[NameSpan]) -> list[NameSpan]:
        """'X (Y)': Y another name of X when it is a name (other script, acronym, translation)."""
        text = doc.text
        out: list[NameSpan] = []
        for idx, name in enumerate(names):
            rest = text[name.end : name.end + 2]
            if not rest.startswith(" (") and not rest.startswith("("):
                continue
            open_at = text.index("(", name.end)
            depth, close_at = 0, None
            for p in range(open_at, min(len(text), open_at + 200)):
                if text[p] == "(":
                    depth += 1
                elif text[p] == ")":
                    depth -= 1
                    if depth == 0:
                        close_at = p
                        break
            if close_at is None:
                continue
            inner = text[open_at + 1 : close_at]
            # "(Spanish: ...)", "(Old Norse: ...)": names in other languages, even with an "and" in them
            labelled = re.match(r"[A-Z][a-z]+(?: [A-Z][a-z]+)? ?:\s", inner) is not None
            if re.search(r",\s*and\s|\band\b", inner) and ";" not in inner and not labelled:
                continue  # a list of other things, not another name
            pos = open_at + 1
            for chunk in re.split(r"([;,])", inner):
                if chunk in {";", ","}:
                    pos += 1
                    continue
                lead = len(chunk) - len(chunk.lstrip(" \"“”'"))
                piece = chunk.strip(" \"“”'")  # a quoted translation: '(Spanish: X, "the great X")'
                m = PAREN_LEAD.match(piece)
                skip = m.end() if m else 0
                piece_start = pos + lead + skip
                piece = piece[skip:]
                if piece.lower().startswith("the "):
                    piece, piece_start = piece[4:], piece_start + 4
                pos += len(chunk)
                if not piece or len(piece.split()) > 8:
                    continue
                dated = re.fullmatch(r"(.+?)\s+(?:\w{1,4}\s+)?\d{3,4}", piece)
                if dated and re.search(r"[^\W\d]", dated.group(1)) and not piece[:1].isdigit():
                    piece = dated.group(1)  # "Revolución de 1910", "Rivolta del 1647": the name, not its year
                words = piece.split()
                foreign = any(ord(c) > 0x24F for c in piece) or any(ord(c) > 127 for c in piece)
                body = words[:-1] if len(words) > 1 and words[-1] in self.lower_heads else words
                caps = all(w[:1].isupper() or w.lower() in JOINERS | {"in", "de", "von"} or labelled and len(w) <= 3
                           and w.isalpha() for w in body)  # "(Italian: Repubblica di Venezia)"
                acronym = bool(ACRONYM.fullmatch(piece)) and sum(c.isupper() for c in piece) >= 2
                if not (foreign or caps or acronym) or re.search(r"\d{3,4}", piece):
                    continue
                if knowledge.name_key(piece) == name.key:
                    continue
                out.append(NameSpan(piece_start, piece_start + len(piece), piece, name.type, name.subtype,
                                    source="paren", alias_of=idx, priority=9))
        return out

    # -- the component ------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        date_chars = [(t.start, t.end) for t in getattr(doc._, "timexes", None) or []]
        date_tokens = {tok.i for tok in doc for a, b in date_chars if a <= tok.idx < b}
        cands: list[NameSpan] = []
        # proper nouns the document writes inside a sentence: at a sentence's start the same word is a name too
        mid_caps = {t.text for t in doc if t.tag_ in {"NNP", "NNPS"} and not t.is_sent_start and t.is_alpha
                    and t.text[:1].isupper()}
        for sent in doc.sents:
            cands += self.titled_people(doc, sent)
            cands += self.head_extensions(doc, sent, date_tokens)
            cands += self.gazetteer_names(doc, sent)
            cands += self.acronyms(doc, sent, date_chars)
            cands += self.acronym_expansions(doc, sent)
            cands += self.quoted_names(doc, sent)
            cands += self.collectives(doc, sent)
            cands += self.headed_chunks(doc, sent)
            cands += self.named_works(doc, sent)
            cands += self.list_item_name(doc, sent)
            cands += self.possessive_sites(doc, sent)
            cands += self.numbered_bodies(doc, sent)
            cands += self.epithet_names(doc, sent, date_tokens)
            cands += self.plural_possessive_names(doc, sent, date_tokens)
            cands += self.given_name_people(doc, sent)
            cands += self.plural_collectives(doc, sent)
            cands += self.context_names(doc, sent, date_tokens, mid_caps)
        cands += self.ner_names(doc)
        for c in cands:
            if len(c.text) > 3 and c.text[-2:] in {"'s", "’s"}:  # "NTS's approach": the name is "NTS"
                c.end -= 2
                c.text = c.text[:-2]
            for a, b in date_chars:  # "On 15 March 44 BC Caesar ...": the name starts after the date
                if a <= c.start < b < c.end and c.source == "ner":
                    cut = len(doc.text[b:c.end]) - len(doc.text[b:c.end].lstrip())
                    c.start = b + cut
                    c.text = doc.text[c.start : c.end]
        cands = [piece for c in cands for piece in self.reshape(doc, c, date_tokens)]
        cands = [c for c in cands if self.keep(doc, c, date_chars)]
        names = self.select(cands)
        names += self.parenthetical_aliases(doc, names)
        names = self.select(names, keep_aliases=True)
        self.finish(doc, names)
        doc._.names = names
        doc._.proper_votes = self.proper_votes(doc, names)
        return doc

    def plural_possessive_names(self, doc: Doc, sent: Span, date_tokens: set[int]) -> list[NameSpan]:
        """ "Workers' Council of X", "Peasants' Party", "Thirty Years' Peace": a capitalised plural, its
        apostrophe and a capitalised name with a head noun are one name, which the tagger cuts at the
        apostrophe."""
        out = []
        for k in range(sent.start + 1, sent.end - 1):
            before, after = doc[k - 1], doc[k + 1]
            if doc[k].text not in {"'", "’"} or not before.text.endswith("s") or not before.text[:1].isupper() \
                    or not after.text[:1].isupper() or doc[k - 1].whitespace_:
                continue
            start = k - 1
            while start - 1 >= sent.start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha and \
                    not doc[start - 1].is_sent_start:
                start -= 1
            end = k + 1
            while end < sent.end and (doc[end].text[:1].isupper() and doc[end].is_alpha or
                                      doc[end].lower_ in {"of", "for"} and end + 1 < sent.end and
                                      doc[end + 1].text[:1].isupper()):
                end += 1 if doc[end].text[:1].isupper() else 2
            span = doc[start:end]
            if any(t.i in date_tokens for t in doc[k + 1 : end]):
                continue
            t, sub, basis = self.type_of(span.text, None)
            if basis == "head":
                out.append(NameSpan(span.start_char, span.end_char, span.text, t, sub, source="head", priority=8))
        return out

    def proper_votes(self, doc: Doc, names: list[NameSpan]) -> dict[tuple[int, int], dict[str, float]]:
        """What each sentence says of the runs of proper nouns that are no name here (offsets -> votes): the
        document-level step finds some of them again as later mentions of a name ("Themistokles" the tagger saw
        in one sentence only), and they vote with it."""
        covered = {i for n in names for i in range(n.start, n.end)}
        out: dict[tuple[int, int], dict[str, float]] = {}

        def proper(tok: Token) -> bool:  # the tagger sometimes takes a name for a plural ("Themistokles" NNS)
            return tok.text[:1].isupper() and tok.is_alpha and not tok.is_stop and tok.idx not in covered and (
                tok.tag_ in {"NNP", "NNPS"} or tok.tag_ == "NNS" and not tok.is_sent_start)

        k = 0
        while k < len(doc):
            if not proper(doc[k]) and not (doc[k].is_sent_start and doc[k].tag_ == "NNS" and doc[k].text[:1].isupper()
                                           and doc[k].idx not in covered):
                k += 1
                continue
            end = k + 1
            while end < len(doc) and proper(doc[end]):
                end += 1
            votes = evidence(doc[k:end])
            if votes:
                out[(doc[k].idx, doc[end - 1].idx + len(doc[end - 1]))] = votes
            k = end
        return out

    def reshape(self, doc: Doc, c: NameSpan, date_tokens: set[int]) -> list[NameSpan]:
        """Mend the edges of a name the tagger or a rule drew: take in the rest of a name joined by a dash
        ("Battle of Ulm–Austerlitz", "Kolin-ki-Serai") and an ordinal before a unit ("22nd Ohio Infantry");
        leave out a date after "of" ("Act of Union of 1707"); split off an owner ("Garibaldi's Army of the
        South") and a place after "at" ("the Painted Chamber at Westminster"), except in the name of an event
        or a work ("the Burning at Ostra")."""
        if c.source not in {"ner", "chunk", "gazetteer", "head", "title", "given", "context"}:
            return [c]
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None or not len(span):
            return [c]
        start, end = span.start, span.end
        for x in range(start + 1, end):
            if doc[x].text == "(":  # "Anglo-Dutch War (1652–1654": a parenthesis ends a name
                end = x
                break
        if end < span.end:
            piece = doc[start:end]
            c = NameSpan(piece.start_char, piece.end_char, piece.text, c.type, c.subtype, c.title, c.title_start,
                         c.source, ner_label=c.ner_label, priority=c.priority)
            if not len(piece):
                return []
        if end - start == 1 and span.text in EPITHETS and start >= 2 and doc[start - 1].lower_ == "the" and \
                doc[start - 2].text[:1].isupper() and doc[start - 2].is_alpha:
            start -= 2  # "Pliny the Younger" of which the tagger saw only "Younger"
            while start > 0 and doc[start - 1].tag_ == "NNP" and doc[start - 1].text[:1].isupper():
                start -= 1
            piece = doc[start:end]
            return [NameSpan(piece.start_char, piece.end_char, piece.text, "PERSON", None, source=c.source,
                             ner_label="PERSON", priority=c.priority)]
        if end - start >= 3 and doc[start + 1].lower_ == "of" and doc[start].lower_ in self.titles and \
                doc[start].text[:1].isupper():
            if doc[start].lower_ in PEERAGES | SEES:  # "the Earl of Strafford", "the Bishop of Ely": a person
                return [NameSpan(c.start, c.end, c.text, "PERSON", None, source=c.source, priority=c.priority)]
            piece = doc[start + 2 : end]  # "the King of Portugal": the realm is the name the text gives
            t, sub, basis = self.type_of(piece.text, None)
            return [NameSpan(piece.start_char, piece.end_char, piece.text, t if basis != "none" else "GPE", sub,
                             source=c.source, priority=c.priority)]
        if c.type == "PERSON":
            end = self.person_name_end(doc, start, end)
            if end != span.end:
                piece = doc[start:end]
                c.end, c.text = piece.end_char, piece.text
            return [c]
        while end + 1 < len(doc) and doc[end].text in DASHES and not doc[end - 1].whitespace_ and \
                not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].i not in date_tokens and (
                    doc[end + 1].text[:1].isupper() or end + 3 < len(doc) and doc[end + 2].text in DASHES
                    and doc[end + 3].text[:1].isupper()):  # "-ki-Serai", never "-born"
            end += 2
        if end - start >= 3 and doc[start].lower_ in self.adjectives and knowledge.lookup(doc[start + 1 : end].text) \
                and not knowledge.lookup(doc[start:end].text):
            start += 1  # "the German Army Group North": the body's own name without its owner's adjective
            piece = doc[start:end]
            t, sub, basis = self.type_of(piece.text, None)
            c = NameSpan(piece.start_char, piece.end_char, piece.text, t if basis != "none" else c.type,
                         sub if basis != "none" else c.subtype, c.title, c.title_start, c.source,
                         ner_label=c.ner_label, priority=c.priority)
        if start > 0 and doc[start - 1].text in PLACE_ARTICLES and _own_place_name(doc[start - 1 : end].text):
            start -= 1  # "A Coruña", "El Ferrol": the article belongs to the town's name
            piece = doc[start:end]
            c = NameSpan(piece.start_char, piece.end_char, piece.text, c.type, c.subtype, c.title, c.title_start,
                         c.source, ner_label=c.ner_label, priority=c.priority)
        grown = end
        while end < len(doc) and doc[end - 1].lower_ in PREFIX_HEADS and doc[end - 1].text[:1].isupper() and \
                doc[end].tag_ == "NNP" and doc[end].text[:1].isupper() and doc[end].is_alpha and \
                doc[end].i not in date_tokens:
            end += 1  # a name cut after its prefix noun: "County" + "Wexford", "Lake" + "Ladoga"
        while end + 1 < len(doc) and doc[end].lower_ in ROMANCE_PARTICLES and doc[end].is_lower:
            nxt = end + 2 if doc[end + 1].lower_ in ROMANCE_ARTICLES and end + 2 < len(doc) else end + 1
            if not (doc[nxt].text[:1].isupper() and doc[nxt].is_alpha and doc[nxt].i not in date_tokens):
                break
            end = nxt + 1  # "Casa del Obrero Mundial", "Hacienda de San Blas", "Place de la Concorde"
            while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha and doc[end].tag_ == "NNP":
                end += 1
        if end > grown:
            piece = doc[start:end]
            t, sub, basis = self.type_of(piece.text, None)
            c = NameSpan(piece.start_char, piece.end_char, piece.text, t if basis != "none" else c.type,
                         sub if basis != "none" else c.subtype, c.title, c.title_start, c.source,
                         ner_label=c.ner_label, priority=c.priority)
        if start > 0 and ORDINAL.match(doc[start - 1].text) and doc[start - 1].i not in date_tokens and \
                self.head_of([t.text for t in doc[start:end]]) in self.heads:
            start -= 1
        for k in range(start + 1, end - 1):
            after = doc[k + 1 : end]
            if doc[k].lower_ == "of" and k - start >= 2 and (
                    all(t.i in date_tokens for t in after) and any(t.is_alpha for t in after) or  # "of February"
                    len(after) == 1 and re.fullmatch(r"\d{3,4}", after[0].text) and  # "Act of Union of 1707", not
                    any(t.lower_ == "of" for t in doc[start + 1 : k])):  # "the Revolution of 1848"
                end = k
                break
        pieces = [(start, end, c.type)]
        for k in range(start + 1, end - 1):
            if doc[k].text in {"'s", "’s"} and doc[k + 1].text[:1].isupper() and k - start <= 3 and \
                    doc[k - 1].lower_ not in COLLECTIVE_POSSESSORS and \
                    self.heads.get(self.head_of([t.text for t in doc[k + 1 : end]]), ("LOC",))[0] != "LOC":
                pieces = [(start, k, None), (k + 1, end, c.type)]
                break
            if doc[k].lower_ == "of" and k - start >= 2 and doc[k + 1].text[:1].isupper() and \
                    self.heads.get(doc[k - 1].lower_, ("",))[0] == "LOC" and doc[k - 1].text[:1].isupper():
                pieces = [(start, k, "LOC"), (k + 1, end, None)]  # "the Traitors' Gate of the Tower": two places
                break
            if doc[k].lower_ == "at" and doc[k + 1].text[:1].isupper() and \
                    self.heads.get(self.head_of([t.text for t in doc[start:k]]), ("",))[0] not in {"EVENT", "WORK"} \
                    and self.type_of(doc[start:k].text, None)[0] not in {"EVENT", "WORK"}:
                pieces = [(start, k, c.type), (k + 1, end, None)]
                break
        if pieces == [(span.start, span.end, c.type)]:
            return [c]
        out = []
        for s, e, t in pieces:
            piece = doc[s:e]
            known, sub, basis = self.type_of(piece.text, None)
            out.append(NameSpan(piece.start_char, piece.end_char, piece.text, known if basis != "none" else t,
                                sub if basis != "none" else c.subtype, source=c.source, ner_label=c.ner_label
                                if t else None, priority=c.priority, title=c.title, title_start=c.title_start))
        return out

    def person_name_end(self, doc: Doc, start: int, end: int) -> int:
        """A person's name goes on over an epithet ("Pliny the Younger", "Ivan the Terrible") and, after a lone
        forename, over "of" and a place ("Anne of Cleves", "John of Gaunt"): the way rulers and saints are
        named."""
        if end + 1 < len(doc) and doc[end].lower_ == "the" and doc[end + 1].text in EPITHETS:
            return end + 2
        if end - start == 1 and doc[start].text in knowledge.given_names() and end + 1 < len(doc) and \
                doc[end].lower_ == "of" and doc[end + 1].tag_ in {"NNP", "NNPS"} and doc[end + 1].text[:1].isupper():
            k = end + 1
            while k + 1 < len(doc) and k - end < 2 and doc[k + 1].tag_ == "NNP" and doc[k + 1].text[:1].isupper():
                k += 1
            place = doc[end + 1 : k + 1]
            known = knowledge.lookup(place.text)
            if (known is None or known.type in {"GPE", "LOC"}) and place[-1].lower_ not in self.heads:
                return k + 1
        return end

    def keep(self, doc: Doc, c: NameSpan, date_chars: list[tuple[int, int]]) -> bool:
        text = c.text
        if re.sub(r"^[Tt]he\s+", "", text).casefold().replace("’", "'") in calendar_lexicon.feast_days():
            return False  # "on Easter Sunday": a date of the calendar, no event
        if not any(ch.isupper() for ch in re.sub(r"^[Tt]he\s+", "", text)) and c.source not in {"paren", "group"}:
            return False  # "The spark was ...": a sentence's capital is no name's
        if c.source == "ner" and any(a <= c.start and c.end <= b for a, b in date_chars):
            return False
        words = text.split()
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        if c.source == "ner":
            if len(words) == 1 and (span[0].pos_ == "ADJ" or text.casefold() in self.adjectives
                                    or text.endswith("ed")) and not knowledge.lookup(text):
                return False
            if span[-1].lower_ in self.adjectives and not knowledge.lookup(text):
                return False
            if c.type == "GROUP" and len(span) == 1 and span[0].tag_ not in {"NNPS", "NNS"} and \
                    not text.endswith("s"):
                return False
            if len(words) == 1 and span[0].i == span.sent.start and span[0].pos_ not in {"PROPN"}:
                return False
            if self.head_of(words) in self.offices or text.casefold() in self.titles:
                return False
        if text.casefold().rstrip(".") in self.titles or CALENDAR_MARK.fullmatch(text):
            return False
        if ROMAN.match(text) or text in EPITHETS:
            return False  # a regnal number or an epithet the tagger cut off its name ("II", "Younger")
        if re.fullmatch(r"[^\W\d]+ \d{1,3}", text) and re.search(r"\b(?:year|month|day|era)\s+of\s*$",
                                                               doc.text[max(0, c.start - 30) : c.start]):
            return False  # "the 3rd month of Kaei 3": a year of a reign or era, a date
        if c.type in {"GPE", "LOC", None} and span.start >= 2 and doc[span.start - 1].lower_ == "of" and \
                doc[span.start - 2].lower_ in PEERAGES | SEES and c.source not in {"title", "head", "chunk"}:
            return False  # "the Duke of Alba", "the Bishop of Ely": a style, not the place (a king's "of X" is
            #               his realm)
        return True

    def select(self, cands: list[NameSpan], keep_aliases: bool = False) -> list[NameSpan]:
        """Resolve overlaps: higher priority first, then longer; identical spans pool their evidence."""
        order = sorted(range(len(cands)), key=lambda i: (-cands[i].priority, -(cands[i].end - cands[i].start)))
        chosen: list[int] = []
        for i in order:
            c = cands[i]
            lo = c.title_start if c.title_start is not None else c.start
            clash = None
            for j in chosen:
                o = cands[j]
                olo = o.title_start if o.title_start is not None else o.start
                if lo < o.end and olo < c.end:
                    clash = j
                    break
            if clash is None:
                chosen.append(i)
            elif (cands[clash].start, cands[clash].end) == (c.start, c.end) and c.ner_label:
                cands[clash].ner_label = cands[clash].ner_label or c.ner_label
        chosen.sort(key=lambda i: cands[i].start)
        remap = {old: new for new, old in enumerate(chosen)}
        out = []
        for i in chosen:
            c = cands[i]
            if c.alias_of is not None:
                c.alias_of = remap.get(c.alias_of)
            out.append(c)
        return out

    def people_in_coordination(self, doc: Doc, names: list[NameSpan]) -> None:
        """'under Radola Gajda, Stanislav Cecek and Sergei Voitsekhovsky': a name-shaped span coordinated
        with people is a person, whatever label the tagger gave it."""
        for n in names:
            if n.type == "PERSON" or n.source not in {"ner"} or knowledge.lookup(n.text):
                continue
            words = n.text.split()
            if not 2 <= len(words) <= 4 or words[-1].lower() in self.heads:
                continue
            span = doc.char_span(n.start, n.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            linked = [root.head] if root.dep_ == "conj" else []
            linked += [c for c in root.children if c.dep_ == "conj"]
            if any(t.ent_type_ == "PERSON" or any(m.type == "PERSON" and m.start <= t.idx < m.end for m in names)
                   for t in linked):  # a person by the tagger's label or by a rule's ("Adolfo de la Huerta")
                n.type, n.subtype = "PERSON", None

    def finish(self, doc: Doc, names: list[NameSpan]) -> None:
        """Type each name (gazetteer, head noun, NER), note what its sentence says of it and its sentence."""
        for n in names:
            basis = None
            if n.source in {"ner"}:
                t, sub, basis = self.type_of(n.text, n.ner_label)
                if t:
                    n.type, n.subtype = t, sub
                if n.type == "GROUP" and basis == "ner" and knowledge.lookup(n.text) is None and \
                        not n.text.endswith("s"):
                    n.type = "ORG"
            elif n.source in {"acronym", "quote", "group"} and n.subtype is None:
                t, sub, basis = self.type_of(n.text, None)
                if t and basis == "gazetteer":
                    n.type, n.subtype = t, sub
            span = doc.char_span(n.start, n.end, alignment_mode="expand")
            if span is not None and len(span):
                n.sentence_start = span.sent.start_char
                n.votes = evidence(span)
                if basis == "head" and n.type:  # the name's own head noun says what it is, more than its sentence
                    key = "PLACE" if n.type == "GPE" else n.type
                    n.votes[key] = n.votes.get(key, 0.0) + 2.0
        self.people_in_coordination(doc, names)
        for i in range(1, len(names)):  # "Thomas Wentworth, Earl of Strafford": the peer's style is another name of his
            a, b = names[i - 1], names[i]
            words = b.text.split()
            if a.type == b.type == "PERSON" and b.alias_of is None and STYLE_GAP.match(doc.text[a.end : b.start]) \
                    and len(words) >= 3 and words[0].lower() in PEERAGES | SEES and words[1] == "of" and \
                    a.text.split()[0].lower() not in PEERAGES | SEES and \
                    doc.text[b.end : b.end + 2] not in {"'s", "’s"}:
                b.alias_of = i - 1
            elif b.alias_of is None and a.type and (ALIAS_GAP.match(doc.text[a.end : b.start]) or
                                                    NAMING_GAP.match(doc.text[a.end : b.start])):
                b.alias_of = i - 1  # "X, better known as Y", "X, called Y", "X received the name Y"
        for n in names:
            if n.alias_of is not None and names[n.alias_of].type:
                n.type, n.subtype = names[n.alias_of].type, names[n.alias_of].subtype


if not Doc.has_extension("names"):
    Doc.set_extension("names", default=None)
if not Doc.has_extension("proper_votes"):
    Doc.set_extension("proper_votes", default=None)


@Language.factory("annals_names")
def make_name_finder(nlp: Language, name: str) -> NameFinder:
    """The annals name finder; runs after ``ner`` and ``annals_dates``."""
    return NameFinder(nlp)
