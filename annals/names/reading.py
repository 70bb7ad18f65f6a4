"""What every rule of the names component reads off a name: its type by its own words (a list, an epithet or
a title after it, a head noun, a given name, the tagger's label), a title at a token, the capitalised run
after a token."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from annals import knowledge
from annals.names.lexicon import EPITHETS, NAME_PARTICLES, NER_TYPES, PREFIX_HEADS, ROMAN, ROMANCE_ARTICLES

# Titles written after the name in Ottoman, Persian, Mughal and Central Asian usage.
POSTPOSITIVE_TITLES = {"pasha", "pasa", "paşa", "bey", "beg", "khan", "agha", "aga", "effendi", "efendi", "sahib",
                       "begum", "mirza", "shah", "dey", "bashaw", "khatun", "hanim", "sultana"}


class Reading:
    """Typing a name and reading titles and names at a token.

    A mixin of :class:`annals.names.component.NameFinder`: its methods read the finder's lists (``titles``,
    ``heads``, ``adjectives`` ...) and call one another through it."""

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
            return "PERSON", None, "given-name"  # "Matteo Vanni", "Jean-Luc Garnier" the tagger took for a body
        if ner_label:
            return NER_TYPES.get(ner_label), None, "ner"
        return None, None, "none"

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

    def titles_lower_ok(self) -> set[str]:
        # Offices written in lowercase before a name ("chairman Karl Brenner").
        # Rulers, nobles, prelates and ranks too: "the Manchu prince Dorgon", "the tribune Gaius Gracchus" (not
        # "consul": "the American consul X" is a diplomat, no leader of his country).
        return {"chairman", "president", "commissar", "metropolitan", "general", "admiral", "tsar", "king", "queen",
                "prince", "princess", "emperor", "empress", "duke", "duchess", "sultan", "shah", "khan",
                "marshal", "field marshal", "colonel", "captain", "bishop", "cardinal", "pharaoh", "tribune",
                "praetor", "shogun", "regent", "rajah", "raja", "maharaja", "nawab", "emir", "caliph", "vizier",
                "grand vizier", "patriarch", "archbishop", "lieutenant", "major"}
