"""Link a stretch of text to the entity it names: by mention, by alias, or by a definite description.

Events and relations find their arguments as character spans ("General Moreau", "the committee",
"his Loire Army").  :class:`EntityIndex` turns such a span into an entity of the document:

* a span that overlaps a mention is that mention's entity (the longest overlap wins);
* a span whose text is a name or alias of an entity (case aside) is that entity;
* a definite description, "the committee" or "the corps", names the most recent entity before it
  whose head noun is that word (the Committee of Public Safety, the Polish Legion),
  within :data:`COREF_WINDOW` sentences.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from annals import knowledge, pronouns
from annals.model import Document, Entity

# the pronouns that stand for a person; "hers" stands for what she owns ("the choice was hers")
PERSONAL_PRONOUNS = (pronouns.MASCULINE | pronouns.FEMININE) - {"hers"}
PRONOUN_WINDOW = 2  # sentences back that a pronoun may reach
COREF_WINDOW = 6  # sentences a definite description may look back
_DESCRIPTION = re.compile(r"^(?:the|this|that|these|its|his|her|their)\s+(?:[\w'’-]+\s+){0,2}?([\w'’-]+)$",
                          re.IGNORECASE)


class EntityIndex:
    """Mentions of a document's entities, in text order, for lookups by offset and by name."""

    def __init__(self, doc: Document):
        self.doc = doc
        spans = []
        for ent in doc.entities:
            for m in ent.mentions:
                spans.append((m.start, m.end, ent, m.sentence))
        spans.sort(key=lambda s: (s[0], s[1]))
        self.spans = spans
        self.starts = [s[0] for s in spans]
        self.by_name: dict[str, Entity] = {}
        for ent in doc.entities:
            for a in [ent.name, *ent.aliases]:
                self.by_name.setdefault(knowledge.name_key(a), ent)
        self.by_head: dict[str, list[tuple[int, Entity]]] = {}
        for start, _end, ent, _sentence in spans:
            words = re.findall(r"[\w'’-]+", ent.name)
            if not words:
                continue
            head = words[knowledge.head_index(words)].casefold()
            self.by_head.setdefault(head, []).append((start, ent))

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity of the mention that overlaps [start, end) most."""
        i = bisect.bisect_left(self.starts, start)
        best, best_overlap = None, 0
        for j in range(max(0, i - 3), min(len(self.spans), i + 8)):
            s, e, ent, _ = self.spans[j]
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = ent, overlap
        return best

    def entities_in(self, start: int, end: int) -> list[Entity]:
        """Entities mentioned inside [start, end), in order, each once."""
        i = bisect.bisect_left(self.starts, start)
        out: list[Entity] = []
        while i < len(self.spans) and self.spans[i][0] < end:
            ent = self.spans[i][2]
            if self.spans[i][1] <= end and ent not in out:
                out.append(ent)
            i += 1
        return out

    def resolve(self, start: int, end: int) -> Entity | None:
        """The entity that the text at [start, end) names (mention, alias, or definite description)."""
        ent = self.entity_at(start, end)
        if ent is not None:
            return ent
        text = self.doc.text[start:end]
        ent = self.by_name.get(knowledge.name_key(text))
        if ent is not None:
            return ent
        if text.casefold() in PERSONAL_PRONOUNS:
            return self.person_before(start)
        return self.describe(text, start)

    def named_before(self, offset: int, window: int) -> Iterator[Entity]:
        """The entities mentioned before ``offset``, nearest first, back to ``window`` sentences before the
        sentence of ``offset``."""
        here = self.doc.sentence_at(offset)
        for j in range(bisect.bisect_left(self.starts, offset) - 1, -1, -1):
            _start, _end, ent, sentence = self.spans[j]
            if here is not None and sentence < here.index - window:
                return
            yield ent

    def person_before(self, offset: int) -> Entity | None:
        """ "he", "him", "she", "her": the person named last before ``offset``, in its sentence or the
        PRONOUN_WINDOW sentences before it; else the person the document is about, or None."""
        found = next((e for e in self.named_before(offset, PRONOUN_WINDOW) if e.type == "PERSON"), None)
        # nobody named nearby: in an article about a person, "he" is that person
        return found if found is not None else self.topic_person

    @property
    def topic_person(self) -> Entity | None:
        """The person the document is about: the entity named first, when it is a person named in the first
        sentence and the most mentioned person of the document."""
        if not hasattr(self, "_topic_person"):
            first = next((ent for _s, _e, ent, sentence in self.spans if sentence == 0), None)
            people = [e for e in self.doc.entities if e.type == "PERSON"]
            top = max(people, key=lambda e: len(e.mentions), default=None)
            self._topic_person = first if first is not None and first.type == "PERSON" and first is top else None
        return self._topic_person

    def describe(self, text: str, offset: int) -> Entity | None:
        """The most recent entity before ``offset`` whose head noun is the last word of ``text``."""
        m = _DESCRIPTION.match(text.strip())
        word = (m.group(1) if m else text.strip().split()[-1] if text.strip() else "").casefold()
        word = re.sub(r"['’]s?$", "", word)
        cands = self.by_head.get(word) or self.by_head.get(word.rstrip("s")) or []
        here = self.doc.sentence_at(offset)
        best = None
        for start, ent in cands:
            if start >= offset:
                break
            best = ent
        if best is None:
            return None
        if here is not None:
            last = max((m.sentence for m in best.mentions if m.start < offset), default=-1)
            if here.index - last > COREF_WINDOW and len({id(e) for _, e in cands}) > 1:
                return None
        return best
