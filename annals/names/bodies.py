"""Names made by a head noun and the words before it: "X coup", "battle of X", runs of capitalised words that
end in a body's or a place's head noun, owners' plurals ("Workers' Council"), possessive sites, bodies named
by a number, collectives, titles of works, quoted names."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from annals import knowledge
from annals.names.lexicon import ACRONYM, DASHES, JOINERS, NER_TYPES
from annals.names.spans import NameSpan
from annals.names.type_evidence import COLLECTIVE_ENDINGS

INDEFINITE = frozenset({"a", "an", "another", "any", "every", "each", "some", "no"})
ABBREV = re.compile(r"^(St|Ste|Mt|Ft)\.$")
NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                "twenty", "thirty", "forty", "fifty", "hundred", "thousand"}
COLLECTIVE_HEADS = {"emigres", "émigrés", "emigrants", "exiles", "emigre", "émigré", "emigrant"}
_FOLDED_COLLECTIVE_HEADS = {knowledge.ascii_fold(h) for h in COLLECTIVE_HEADS}
WORK_NOUNS = {"book", "pamphlet", "novel", "memoir", "memoirs", "essay", "article", "poem", "treatise", "study",
              "newspaper", "journal", "magazine", "play", "opera", "film", "report", "manifesto", "diary", "textbook",
              "history", "biography", "autobiography", "song", "symphony", "painting", "paper"}
PUBLISHING_VERBS = {"publish", "published", "publishing", "publishes", "wrote", "writes", "issued", "issuing",
                    "edited", "printed", "printing"}


class Bodies:
    """The rules that find names by their head noun.

    A mixin of :class:`annals.names.component.NameFinder`: its methods read the finder's lists (``titles``,
    ``heads``, ``adjectives`` ...) and call one another through it."""

    def head_extensions(self, doc: Doc, sent: Span, date_tokens: set[int]) -> list[NameSpan]:
        """'Brumaire coup', 'Franco-Prussian war', 'Cato Street plot', 'battle of Marengo'."""
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
                continue  # "an anti-Jacobin government" is no name
            span = doc[start:end]
            t, sub = self.heads.get(lower, (None, None))
            if two in self.lower_heads and lower == "camp":
                t, sub = "LOC", "camp"
            if t:
                out.append(NameSpan(span.start_char, span.end_char, span.text, t, sub, source="head", priority=8))
        # "the battle of Marengo", "the siege of Magdeburg"
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

    def headed_chunks(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """Runs of capitalised words ending in a capitalised head noun: 'Breda Declaration',
        'Free Church of Scotland Outside Scotland', 'Council of People's Deputies'."""
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

    def plural_possessive_names(self, doc: Doc, sent: Span, date_tokens: set[int]) -> list[NameSpan]:
        """ "Workers' Council of X", "Peasants' Party", "Hundred Years' War": a capitalised plural, its
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

    def collectives(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """'red exiles', 'Carlist exiles', 'Morisco émigrés': collectives named by a head."""
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
        """ "the Covenanters", "many Carlists", "the Chartists": a capitalised plural in a collective's form
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

    def named_works(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """'the pamphlet The Rights of Man', 'Gibbon's Decline and Fall': titles of works."""
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
