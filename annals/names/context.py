"""Names found by what is around them: a proper noun the tagger left out that a place preposition, a verb said
of people or places, a ruler's "of" or a kinship noun governs; runs the gazetteer knows; the name that opens a
list line; and what each sentence says of the proper nouns that are no name."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from annals import knowledge
from annals.names.lexicon import NAME_PARTICLES, NER_TYPES
from annals.names.spans import NameSpan, known_town
from annals.names.type_evidence import (
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

BULLETS = {"-", "*", "•", "–", "—", "·"}
# Verbs whose subject is as often a place as a person: "X lies", "X fell", "X borders".
STATIVE_PLACE_VERBS = frozenset({"lie", "fall", "border", "stand", "remain", "become", "belong", "surrender",
                                 "rise", "suffer", "host", "contain", "face", "overlook", "flourish", "grow"})
# Prepositions whose proper-noun object is taken as a name even when the tagger missed it ("to" and "from" also
# take people, "on" dates and topics).
# prepositions whose proper-noun object is a place wherever they stand ("to" and "from" only after a verb of motion)
PLACE_OBJECT_PREPOSITIONS = {p for p, weight in PLACE_PREPOSITIONS.items() if weight >= 1.0}


class Context:
    """The rules that find names by their context.

    A mixin of :class:`annals.names.component.NameFinder`: its methods read the finder's lists (``titles``,
    ``heads``, ``adjectives`` ...) and call one another through it."""

    def context_names(self, doc: Doc, sent: Span, date_tokens: set[int],
                      mid_caps: frozenset[str] | set[str] = frozenset()) -> list[NameSpan]:
        """A proper noun the tagger left out that is the object of a place preposition ("a skirmish at
        Lutzen", "they sailed to Minorca", "the garrison fled into Gaeta"), the "of" of a ruler's title ("the
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
                tok.head.head.pos_ in {"VERB", "AUX", "NOUN"} and not known_town(tok)
            # the subject of an active verb that is no known place: "In 1821 Iturbide proclaimed ..."
            opening = tok.is_sent_start and not (tok.text in mid_caps and tok.lower_ not in knowledge.common_words())
            acting = tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and not opening and \
                not any(c.dep_ in {"compound", "det", "poss"} for c in tok.children) and not known_town(tok) and \
                tok.head.lemma_.lower() not in STATIVE_PLACE_VERBS and knowledge.lookup(tok.text) is None
            said = said or titled or led or acting
            if tok.tag_ == "NNS" and not titled:  # a name the tagger took for a plural ("Ostanes"), if a title says so
                continue
            if tok.is_sent_start and not said and not (tok.dep_ in {"nsubj", "nsubjpass"} and tok.tag_ == "NNP" and
                                                       tok.lower_ not in knowledge.common_words() and known_town(tok)):
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
            known = not (owner or kin) and known_town(tok)
            if not (owner or ruled or placed or listed or said or kin or site or reached or known or instance):
                continue
            if tok.i > sent.start and doc[tok.i - 1].lower_ in NAME_PARTICLES:
                continue  # the end of a longer name ("Puerta del Sol", "Casa de Moneda")
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
                continue  # "to the Crown", "an envoy of the First Consul": words, as often as a name
            if any(w.casefold() in self.adjectives or w.casefold().rstrip(".") in self.titles for w in words) or \
                    self.match_title(doc, start):
                continue
            t, sub, basis = self.type_of(span.text, None)
            if basis == "none" and len(span) == 1 and span[0].lower_ in self.heads:
                t, sub, basis = *self.heads[span[0].lower_], "head"  # "Parliament", "the Senate"
            if listed and not t:  # "Jersey, Guernsey and Sark": what the list's first name is, by the evidence
                t = NER_TYPES.get(tok.head.ent_type_)
            out.append(NameSpan(span.start_char, span.end_char, span.text,
                                t or ("PERSON" if owner or said or kin else "GPE"), sub, priority=1,
                                source="chunk" if basis in {"head", "gazetteer"} else "context"))
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

    def list_item_name(self, doc: Doc, sent: Span) -> list[NameSpan]:
        """A list line that starts with a name and says what it is: "- Matteo Vanni, chief of staff".  The
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
