"""People the tagger misses or cuts: a titled name ("General X", "the Duke of Y", "X, Queen of Y", "the Z
Emperor"), a common given name and the words after it, a name and its epithet ("X the Elder"), a forename
and the place it is "of", a person's name after a unit's "of", and names coordinated with people."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from annals import geo, knowledge
from annals.names.lexicon import EPITHETS, NAME_PARTICLES, PEERAGES, ROMAN, ROMANCE_ARTICLES, SEES
from annals.names.spans import NameSpan

# Styles after a first name that make one name with it: "Joanna, Queen of Naples", "Edward, Prince of Wales".
RULER_STYLES = PEERAGES | {"king", "queen", "emperor", "empress", "archduke", "archduchess", "tsar", "tsarina"}
# A ruler called by his era name: "the Kangxi Emperor".
ERA_RULERS = frozenset({"emperor", "empress"})


class People:
    """The rules that find people.

    A mixin of :class:`annals.names.component.NameFinder`: its methods read the finder's lists (``titles``,
    ``heads``, ``adjectives`` ...) and call one another through it."""

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
            # "General Staff", "St. Mark Square": a head noun at the end makes it not a person.
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

    def given_name_people(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """A common given name and one to three capitalised words after it ("Carlo Rossi", "Ivan
        Petrovich Belkin") name a person, which the small tagger sometimes misses altogether."""
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
                # "Juan de la Cosa", "Ludwig van Beethoven": particles inside the name, before its last word
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
                span = doc[k:seat]  # "Henry of Navarre", "William Douglas of Lochleven": a person named after a place
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
        "of Lochleven"), or ``j`` when there is none (a head noun, "of the ...", a known non-place)."""
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

    def epithet_names(self, doc: Doc, sent: Span, date_tokens: set[int]) -> list[NameSpan]:
        """ "Pliny the Younger", "Louis the Pious": a capitalised name, "the" and an epithet name a person,
        whatever the tagger saw."""
        out = []
        for k in range(sent.start + 2, sent.end):
            if doc[k].text not in EPITHETS or doc[k - 1].lower_ != "the" or doc[k - 2].i in date_tokens:
                continue  # "by 9 June the Red Shirts": a date, no name
            start = k - 1
            while start - 1 >= sent.start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha and \
                    k - start < 4 and not (start - 1 == sent.start and doc[start - 1].pos_ != "PROPN"):
                start -= 1
            if start < k - 1:
                span = doc[start : k + 1]
                out.append(NameSpan(span.start_char, span.end_char, span.text, "PERSON", None, source="given",
                                    priority=5))
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

    def person_tail(self, doc: Doc, j: int, limit: int) -> int:
        """End of a person-like name ("Anton Weisz") starting at token j, or 0 when there is none."""
        k = self.name_tokens_after(doc, j, limit)
        tail = doc[j:k]
        words = [t.text for t in tail]
        if 2 <= len(words) <= 4 and words[-1].lower() not in self.heads and not knowledge.lookup(tail.text) and \
                geo.resolve(tail.text) is None and \
                not any(knowledge.lookup(w) or w.casefold() in self.adjectives for w in words) and \
                all(t.tag_ == "NNP" for t in tail if t.text[:1].isupper()):
            return k
        return 0

    def people_in_coordination(self, doc: Doc, names: list[NameSpan]) -> None:
        """'under Jan Zizka, Prokop Holy and Jan Rohac': a name-shaped span coordinated
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
                   for t in linked):  # a person by the tagger's label or by a rule's ("Juan de la Cosa")
                n.type, n.subtype = "PERSON", None
