"""The ``annals_names`` pipeline component: names of people, organisations, places, groups, events, works.

spaCy's statistical NER is the starting point; on historical prose it makes mistakes of a few
recurring kinds, and this component corrects them with general rules of English and background
knowledge (:mod:`annals.knowledge`), each kind in its own module, mixed into :class:`NameFinder`:

* :mod:`.people`: titles and ranks ("General", "Hetman", "chairman", "Lord Privy Seal") are split off person
  names and kept as the mention's ``title``; a common given name and the words after it, an epithet
  ("X the Elder") and a forename's "of" and place make a person;
* :mod:`.bodies`: a name followed by a lowercase head noun is one name of that head's type ("Lyon
  mutiny" EVENT, "Hunan province" GPE, "Altranstadt armistice" WORK), as is "battle of X"; names joined
  by "of" are one name when the head before "of" is an organisation, event or work ("Committee of
  Delegates of the Estates"); plural collectives ("Carlists", "royalist emigres") are GROUPs; quoted
  title-case phrases ("Iron Column") are names typed by their head noun;
* :mod:`.context`: a proper noun the tagger missed is a name where a place preposition, a verb said of
  people or a kinship noun governs it; a list line that starts with a name ("- Matteo Vanni, chief of
  staff") names it, which the tagger misses without a sentence around it;
* :mod:`.cutting`: a name never ends in a lowercase verb or preposition the tagger ran on ("the Council
  of Regency named"), and two known names run together are two; a unit "of" a person is two names
  ("the Free Corps of Anton Weisz");
* :mod:`.aliases`: acronyms (CNT, POUM, PCd'I) are names; a parenthesis after a name that holds another
  name (another script, an acronym, a translation) is an alias of it, recorded as ``alias_of``;
* :mod:`.edges`: the edges of each candidate are mended and what is no name is dropped (nationality
  adjectives such as "Danish" or "Safavid" are not entities);
* :mod:`.reading`: the type comes from the gazetteer first, then the head noun, then the NER label,
  except that a name starting with a common given name ("Matteo Vanni") is a person whatever the tagger
  says; :mod:`.type_evidence` adds what each sentence says of the name.

Results are :class:`~annals.names.spans.NameSpan` records on ``doc._.names``, character offsets relative
to the Doc."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from annals import knowledge
from annals.names.aliases import Aliases
from annals.names.bodies import Bodies
from annals.names.context import Context
from annals.names.cutting import Cutting
from annals.names.edges import Edges
from annals.names.lexicon import PEERAGES, SEES
from annals.names.people import People
from annals.names.reading import Reading
from annals.names.spans import NameSpan
from annals.names.type_evidence import evidence

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


class NameFinder(Reading, People, Bodies, Context, Cutting, Aliases, Edges):
    """Finds names in a Doc; see the module docstring for the rules and where each kind lives."""

    def __init__(self, nlp: Language):
        self.titles = knowledge.titles()
        self.max_title = knowledge.max_title_words()
        self.title_starts = {t.split()[0].rstrip(".") for t in self.titles if t.split()}
        self.heads = knowledge.heads()
        self.lower_heads = knowledge.lowercase_heads()
        self.offices = knowledge.office_heads()
        self.adjectives = knowledge.demonym_adjectives()
        self.regimes = knowledge.regime_adjectives()

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
            if len(c.text) > 3 and c.text[-2:] in {"'s", "’s"}:  # "POUM's approach": the name is "POUM"
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
