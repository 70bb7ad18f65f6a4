"""The tagger's names, mended at their edges and cut where it ran two together: a forename or surname it left
out, a hyphen it stopped at, a regnal number, a regime's adjective; two known names, a place and the place it
is in, a unit and the person it is "of", a name and the subject after it, a list or a coordination."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from annals import geo, knowledge
from annals.names.lexicon import EPITHETS, JOINERS, NAME_PARTICLES, NER_TYPES, ROMAN
from annals.names.spans import NameSpan

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
        # ran on ("the Council of Ministers named", "the Girondins on")
        or doc[end - 1].is_lower and doc[end - 1].is_alpha and doc[end - 1].pos_ in _NEVER_LAST
        and doc[end - 1].lower_ not in NAME_PARTICLES
    ):
        end -= 1
    if end > start and doc[end - 1].text == ")" and "(" not in doc[start:end].text:
        end -= 1
    if end > start and doc[end - 1].text == "." and not (end - start == 1 or len(doc[end - 1 - 0].text) == 1):
        end -= 1
    return start, end


class Cutting:
    """The tagger's names, mended and split.

    A mixin of :class:`annals.names.component.NameFinder`: its methods read the finder's lists (``titles``,
    ``heads``, ``adjectives`` ...) and call one another through it."""

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
                end += 1  # "Joao Alves" the tagger cut to "Joao"
            if ent.label_ == "PERSON" and end < len(doc) and ROMAN.match(doc[end].text) and \
                    (doc[end].text != "I" or doc[end].pos_ == "PROPN") and doc[end].ent_type_ == "":
                end += 1  # "Nicholas I's assumption": the regnal number the tagger left out
            if ent.label_ == "GPE" and start > 0 and doc[start - 1].lower_ in self.regimes and \
                    doc[start - 1].text[:1].isupper() and not knowledge.lookup(doc[start:end].text + "s"):
                start -= 1  # "Fascist Italy", "Vichy France", "Francoist Spain"
            pieces = [(start, end, "PERSON")] if given_before else \
                self.split_known(doc, start, end) or self.split_of_person(doc, start, end) or \
                self.split_place_in_place(doc, start, end) or \
                self.split_before_people(doc, start, end) or [(start, end, None)]
            for piece in pieces:
                s, e, forced = piece
                span = doc[s:e]
                for n in self.split_coordination(doc, span, forced or ent.label_):
                    last = n.text.split()[-1]
                    if last.endswith(".") and ROMAN.match(last[:-1]):  # "Ferdinand VII." ending a sentence
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
        """Two names the tagger ran together ("the Peace of Westphalia Sweden gained ...", "After the Thirty
        Years War Oxenstierna ruled ..."): each its own, when the first is a name the gazetteer knows and the whole
        is not, and the rest is known too, or is a person's name after a phrase opened by a preposition."""
        if end - start < 2 or knowledge.lookup(doc[start:end].text):
            return []
        before = start - 1
        while before >= 0 and doc[before].lower_ in {"the", "a", "an"}:
            before -= 1
        opened = before >= 0 and doc[before].pos_ in {"ADP", "SCONJ"}  # "After the Thirty Years War Oxenstierna ruled"
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
        in County Louth", "Oppeln in Silesia"): two places, when the part before "in" is one to three capitalised
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
        """'the Free Corps of Anton Weisz' -> the unit and the person."""
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

    def split_coordination(self, doc: Doc, span: Span, label: str) -> list[NameSpan]:
        """'Montagnards and Girondins' as one ORG span -> two groups; 'Genoa, Pisa and
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
        # a span with ordinary lowercase words inside ("League during the Italian Wars") is a tagging slip
        inner_lower = any(t.is_lower and t.lower_ not in JOINERS | NAME_PARTICLES | {"at", "in", "on", "'s"}
                          for t in span[1:-1])
        return [NameSpan(span.start_char, span.end_char, span.text, NER_TYPES[label], None, ner_label=label,
                         source="ner", priority=3 if inner_lower else 4)]

    def split_list(self, doc: Doc, span: Span, label: str) -> list[NameSpan]:
        """The items of a span that is a list ("A, B and C", "A, B, C"): each a name of its own, unless an item
        after a comma is a title ("Eugene, Prince of Savoy") or the span is a name with "of" in it."""
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
