"""Acronyms and the other names a text gives a name: an acronym, the words an acronym in brackets spells, and a
parenthesis after a name that holds another name of it (another script, an acronym, a translation)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from annals import knowledge
from annals.names.lexicon import ACRONYM, JOINERS, NAME_PARTICLES, ROMAN
from annals.names.spans import NameSpan

# Words that precede a name in a parenthesis without being part of it ("also", "in Soviet usage").
PAREN_LEAD = re.compile(
    r"^(?:(?:also|or|literally|formerly|later|officially|so[- ]called|short for|known as|called|today|now|"
    r"modern|present-day|nowadays|"
    r"in [A-Z]?[a-z]+ usage|in [A-Z][a-z]+|after \d{3,4}|from \d{3,4}|until \d{3,4}|since \d{3,4}|lit\.|"
    r"[A-Z][a-z]+(?= ?:))[:,]?\s+)+"  # "Russian: ...", a language label
)


class Aliases:
    """The rules that find acronyms and other names of a name.

    A mixin of :class:`annals.names.component.NameFinder`: its methods read the finder's lists (``titles``,
    ``heads``, ``adjectives`` ...) and call one another through it."""

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
