"""The last look at each candidate name: its edges mended (a dash, an ordinal, a town's article, a prefix noun,
a Romance "of"), an owner or a place after "at" split off, and the candidates that are no name dropped."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from annals import knowledge
from annals.dates import lexicon as calendar_lexicon
from annals.dates.grammar import CALENDAR_MARK
from annals.names.lexicon import DASHES, EPITHETS, PEERAGES, PREFIX_HEADS, ROMAN, ROMANCE_ARTICLES, SEES
from annals.names.spans import NameSpan, own_place_name

# Owners that belong to the name they own ("People's Party", "Children's Crusade", "Workers' Council").
COLLECTIVE_POSSESSORS = {"people", "peoples", "workers", "women", "men", "children", "soldiers", "sailors", "peasants",
                         "nations", "veterans", "officers", "farmers", "citizens", "king", "queen", "emperor", "nation"}
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
# Romance "of" inside the name of a place or a body: "Casa de Moneda", "Plaza de Armas", "Palazzo della Ragione"
ROMANCE_PARTICLES = {"de", "del", "della", "dei", "delle", "di", "da", "do", "dos", "das", "des", "du"}
# Articles that begin a town's name in its own language: "Le Havre", "El Ferrol", "Den Helder"
PLACE_ARTICLES = {"A", "O", "As", "Os", "El", "La", "Las", "Los", "Le", "Les", "Il", "Lo", "Den", "De", "Het"}


class Edges:
    """Mending and keeping candidate names.

    A mixin of :class:`annals.names.component.NameFinder`: its methods read the finder's lists (``titles``,
    ``heads``, ``adjectives`` ...) and call one another through it."""

    def reshape(self, doc: Doc, c: NameSpan, date_tokens: set[int]) -> list[NameSpan]:
        """Mend the edges of a name the tagger or a rule drew: take in the rest of a name joined by a dash
        ("Battle of Ulm–Austerlitz", "Bab-el-Mandeb") and an ordinal before a unit ("22nd Ohio Infantry");
        leave out a date after "of" ("Act of Union of 1707"); split off an owner ("Garibaldi's Army of the
        South") and a place after "at" ("the Long Gallery at Fontainebleau"), except in the name of an event
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
            piece = doc[start + 2 : end]  # "the King of Bohemia": the realm is the name the text gives
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
                    and doc[end + 3].text[:1].isupper()):  # "-el-Mandeb", never "-born"
            end += 2
        if end - start >= 3 and doc[start].lower_ in self.adjectives and knowledge.lookup(doc[start + 1 : end].text) \
                and not knowledge.lookup(doc[start:end].text):
            start += 1  # "the French Grande Armée": the body's own name without its owner's adjective
            piece = doc[start:end]
            t, sub, basis = self.type_of(piece.text, None)
            c = NameSpan(piece.start_char, piece.end_char, piece.text, t if basis != "none" else c.type,
                         sub if basis != "none" else c.subtype, c.title, c.title_start, c.source,
                         ner_label=c.ner_label, priority=c.priority)
        if start > 0 and doc[start - 1].text in PLACE_ARTICLES and own_place_name(doc[start - 1 : end].text):
            start -= 1  # "Le Havre", "El Ferrol": the article belongs to the town's name
            piece = doc[start:end]
            c = NameSpan(piece.start_char, piece.end_char, piece.text, c.type, c.subtype, c.title, c.title_start,
                         c.source, ner_label=c.ner_label, priority=c.priority)
        grown = end
        while end < len(doc) and doc[end - 1].lower_ in PREFIX_HEADS and doc[end - 1].text[:1].isupper() and \
                doc[end].tag_ == "NNP" and doc[end].text[:1].isupper() and doc[end].is_alpha and \
                doc[end].i not in date_tokens:
            end += 1  # a name cut after its prefix noun: "County" + "Wexford", "Lake" + "Constance"
        while end + 1 < len(doc) and doc[end].lower_ in ROMANCE_PARTICLES and doc[end].is_lower:
            nxt = end + 2 if doc[end + 1].lower_ in ROMANCE_ARTICLES and end + 2 < len(doc) else end + 1
            if not (doc[nxt].text[:1].isupper() and doc[nxt].is_alpha and doc[nxt].i not in date_tokens):
                break
            end = nxt + 1  # "Casa de la Moneda", "Hacienda de San Blas", "Place de la Concorde"
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
                pieces = [(start, k, "LOC"), (k + 1, end, None)]  # "the Lion Gate of the Citadel": two places
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
