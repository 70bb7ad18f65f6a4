"""From a text to its sourced model: read -> segment -> annotate -> resolve.

:func:`extract_text` and :func:`extract_path` are what the CLI, the Python API and (later) the
HTTP API call.  Paragraphs stream through spaCy (``nlp.pipe`` over a generator) in batches of at
most :data:`MAX_BATCH_CHARS` characters, so spaCy's working memory stays bounded by that, never by
the file; a paragraph longer than :data:`MAX_PIECE` characters is cut into pieces, after a sentence
end where there is one, else at whitespace.  Only the records of the model (offsets and short
strings, no spaCy objects) are kept for the whole document.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from annals import geo, knowledge
from annals.citations import cite_participants
from annals.dates.timex import in_document_era, resolve_relative
from annals.events.candidates import EventCandidate
from annals.events.document import link_events
from annals.gaps import find_gaps
from annals.model import Document, Paragraph, Sentence
from annals.names.link import EntityIndex
from annals.names.merge import merge_aliases
from annals.names.spans import DocName, NameSpan
from annals.pipeline import load_pipeline
from annals.read import RawText, read_path
from annals.relations.candidates import RelationCandidate
from annals.relations.document import link_relations
from annals.segment import Segmentation, segment

# spaCy's working memory grows with the characters in flight (about 2.5 KB a character for
# en_core_web_sm: 100,000 characters at once peak at ~290 MB above the loaded pipeline) and nlp.pipe
# batches by count (256 texts), so both the pieces and the batches are bounded in characters.
# 20,000 characters: ~100 MB in flight, as fast as larger batches; 5,000 would save only ~50 MB more.
MAX_PIECE = 20_000  # characters of one paragraph handed to spaCy at once
MAX_BATCH_CHARS = 20_000  # characters handed to spaCy in one batch (one piece when it is longer)
# A document's candidates (names, events, relations before linking) and records grow with it, about
# 100 MB a million characters together: a longer text is ingested in parts of this size (see extract_parts).
PART_CHARS = 500_000


def document_id(path: str | None, content_hash: str) -> str:
    """A stable id: the file's stem and a hash of its path (or of its content when there is no path)."""
    if path:
        stem = re.sub(r"[^\w.-]+", "_", Path(path).stem)[:60] or "doc"
        return f"{stem}-{hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:8]}"
    return f"text-{content_hash[:12]}"


_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s")


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end a piece that starts at ``start`` and may not reach ``limit``: after the last
    sentence end in the second half of the window, else at its last whitespace, else at ``limit``."""
    lo = start + (limit - start) // 2
    ends = [m.end() - 1 for m in _SENTENCE_END.finditer(text, lo, limit)]
    if ends:
        return ends[-1]
    ws = max(text.rfind(" ", lo, limit), text.rfind("\n", lo, limit), text.rfind("\t", lo, limit))
    return ws if ws > start else limit


def _pieces(text: str, paragraphs: list[Paragraph]) -> Iterator[tuple[int, int, int]]:
    """(start, end, paragraph index) pieces of at most MAX_PIECE characters that cover each paragraph
    but for the whitespace between pieces."""
    for p in _sliced(paragraphs, MAX_PIECE, text):
        yield p.start, p.end, p.index


def _parsed(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """``nlp.pipe`` over ``texts`` in order, in batches of at most MAX_BATCH_CHARS characters (one
    text when it is longer), so a file of many long paragraphs never has them all in flight."""
    batch: list[str] = []
    size = 0
    for t in texts:
        if batch and size + len(t) > MAX_BATCH_CHARS:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(t)
        size += len(t)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def extract_text(
    text: str,
    path: str | None = None,
    *,
    title: str | None = None,
    format: str = "text",
    encoding: str = "utf-8",
    content_hash: str | None = None,
) -> Document:
    """The model of one text: sections, sentences, entities with aliases, timexes, gaps."""
    doc, seg = _shell(text, path, title=title, format=format, encoding=encoding, content_hash=content_hash)
    _annotate(doc, seg.paragraphs, seg.headings)
    _find_gaps(doc, seg.paragraphs, seg.headings)
    return doc


def _shell(text: str, path: str | None, *, title: str | None, format: str, encoding: str,
           content_hash: str | None) -> tuple[Document, Segmentation]:
    """The document with its structure (sections, paragraphs) and no annotations yet."""
    content_hash = content_hash or hashlib.sha256(text.encode("utf-8")).hexdigest()
    seg = segment(text)
    doc = Document(
        id=document_id(path, content_hash), text=text, path=path, title=title, format=format,
        encoding=encoding, content_hash=content_hash, sections=seg.sections, paragraphs=seg.paragraphs,
        artefacts=seg.artefacts,
    )
    if doc.title is None:
        doc.title = heading_title(text, seg.headings)
    if doc.title is None and seg.paragraphs:
        first = text[seg.paragraphs[0].start : seg.paragraphs[0].end]
        m = re.match(r"^([^(.]{2,80}?)\s+(?:\(|is |was |were |are )", first)
        doc.title = m.group(1).strip() if m else None
    return doc, seg


_HEADING_WORDS = 12


def heading_title(text: str, headings: list[tuple[int, int]] = ()) -> str | None:
    """The title a plain text gives in its heading: a Markdown ``# `` line first, or a short first line
    without final punctuation that a blank line follows (or that the segmenter reads as a heading); None
    when the text opens with a sentence."""
    lead = len(text) - len(text.lstrip())
    line_end = text.find("\n", lead)
    line_end = len(text) if line_end < 0 else line_end
    line = text[lead:line_end].strip()
    if line.startswith("# "):
        return line[2:].strip(" #") or None
    if not line or len(line) > 100 or len(line.split()) > _HEADING_WORDS or line[-1] in ".,;:!?" \
            or not line[0].isupper() and not line[0].isdigit():
        return None
    blank_after = text[line_end:line_end + 2] == "\n\n" or re.match(r"\n[ \t]*\n", text[line_end:]) is not None
    if blank_after or any(a <= lead and line_end <= b + 1 for a, b in headings):
        return line
    return None


def _find_gaps(doc: Document, paragraphs: list[Paragraph], headings: list[tuple[int, int]]) -> None:
    doc.gaps = find_gaps(doc.text, paragraphs, headings)
    for g in doc.gaps:
        s = doc.sentence_at(g.start)
        g.sentence = s.index if s else None


def _annotate(doc: Document, paragraphs: list[Paragraph], headings: list[tuple[int, int]],
              first_sentence: int = 0, context: Iterable[DocName] = ()) -> None:
    """Parse ``paragraphs`` (and ``headings``) of ``doc.text`` and fill in the document's sentences
    (numbered from ``first_sentence``), entities, timexes, events and relations.  ``context``: names
    that earlier parts of the document gave in full, so that "Orlov" here is the "Ivan Orlov" of then."""
    text = doc.text
    section_of = {p.index: p.section for p in paragraphs}
    nlp = load_pipeline()
    pieces = list(_pieces(text, paragraphs)) + [(a, b, None) for a, b in headings]
    names: list[DocName] = list(context)
    heading_names: list[DocName] = []
    timexes = []
    event_candidates: list[EventCandidate] = []
    relation_candidates: list[RelationCandidate] = []
    proper_votes: dict[tuple[int, int], dict[str, float]] = {}  # what sentences say of unnamed proper nouns
    parsed = in_document_era(text, _parsed(nlp, (text[s:e] for s, e, _ in pieces)))  # bare years of a BC text
    for (start, _end, para), sdoc in zip(pieces, parsed, strict=True):
        if para is None:  # a heading: its names may only name what the body names
            heading_names += [DocName(n, start + n.start, start + n.end, -1, heading=True)
                              for n in sdoc._.names or [] if n.alias_of is None]
            continue
        piece_first = len(doc.sentences)
        for sent in sdoc.sents:
            s, e = start + sent.start_char, start + sent.end_char
            if not text[s:e].strip():
                continue
            doc.sentences.append(Sentence(first_sentence + len(doc.sentences), para, section_of[para], s, e,
                                          text[s:e]))
        sentence_starts = [(x.start, x.index) for x in doc.sentences[piece_first:]]

        def sentence_of(offset: int, starts: list[tuple[int, int]] = sentence_starts) -> int:
            idx = starts[0][1] if starts else 0
            for st, i in starts:
                if st <= offset:
                    idx = i
            return idx

        base = len(names)
        for n in sdoc._.names or []:
            names.append(DocName(n, start + n.start, start + n.end, sentence_of(start + n.start),
                                 None if n.alias_of is None else base + n.alias_of))
        timex_base = len(timexes)
        for t in sdoc._.timexes or []:
            t.start += start
            t.end += start
            t.sentence = sentence_of(t.start)
            timexes.append(t)
        event_base = len(event_candidates)
        for c in sdoc._.event_candidates or []:
            c = c.shifted(start)
            c.timexes = [timex_base + k for k in c.timexes]
            c.own_timexes = [timex_base + k for k in c.own_timexes]
            if c.governor is not None:
                c.governor += event_base
            event_candidates.append(c)
        relation_candidates += [r.shifted(start) for r in sdoc._.relation_candidates or []]
        proper_votes.update({(start + a, start + b): v for (a, b), v in (sdoc._.proper_votes or {}).items()})
    _mark_topic_aliases(text, names, doc.sentences, first_sentence)
    names += propagate_names(doc, names, timexes, proper_votes)
    names += heading_names
    resolve_relative(timexes)
    doc.timexes = timexes
    doc.entities = merge_aliases(names, text)
    # The candidates of a whole document weigh about as much as its model (~50 bytes a character
    # each): let each go as soon as its records exist, so they do not all peak together.
    del names, heading_names
    index = EntityIndex(doc)
    doc.events = link_events(doc, event_candidates, index)
    del event_candidates
    doc.relations = link_relations(doc, relation_candidates, index)
    del relation_candidates
    cite_participants(doc)
    geo.locate(doc.entities)  # coordinates of the GPEs and LOCs GeoNames knows


def _runs(seg: Segmentation, limit: int, text: str) -> list[tuple[list[Paragraph], list[tuple[int, int]]]]:
    """The paragraphs of ``seg`` in consecutive runs of at most ``limit`` characters, each with the headings
    after the previous run's last paragraph: a run ends at a section's start once it holds half of
    ``limit``, else at the paragraph that would take it past ``limit``.  A paragraph longer than ``limit``
    (a whole book without a blank line) is cut, after a sentence end or at whitespace, into slices that
    keep its index and section."""
    runs: list[list[Paragraph]] = [[]]
    size = 0
    for p in _sliced(seg.paragraphs, limit, text):
        run = runs[-1]
        if run and (size + p.end - p.start > limit or 2 * size >= limit and p.section != run[-1].section):
            runs.append([])
            size = 0
        runs[-1].append(p)
        size += p.end - p.start
    heads: list[list[tuple[int, int]]] = [[] for _ in runs]
    ends = [r[-1].end for r in runs[:-1]]
    for h in seg.headings:  # a heading goes with the paragraphs after it
        heads[bisect.bisect_right(ends, h[0])].append(h)
    return list(zip(runs, heads, strict=True))


def _sliced(paragraphs: list[Paragraph], limit: int, text: str) -> Iterator[Paragraph]:
    """The paragraphs, each longer than ``limit`` cut (after a sentence end, else at whitespace) into slices
    that keep its index and section."""
    for p in paragraphs:
        if p.end - p.start <= limit:
            yield p
            continue
        start = p.start
        while p.end - start > limit:
            cut = _cut(text, start, start + limit)
            yield Paragraph(p.index, p.section, start, cut)
            start = cut
            while start < p.end and text[start].isspace():
                start += 1
        if start < p.end:
            yield Paragraph(p.index, p.section, start, p.end)


def extract_parts(raw: RawText, limit: int | None = None) -> tuple[Document, Iterator[Document]]:
    """A long text's model in parts of about ``limit`` characters (:data:`PART_CHARS`), so that memory
    holds one part's candidates and records at a time, never the whole document's.

    Returns the head (the document with its text, sections, paragraphs and gaps, no annotations) and an
    iterator over the parts: each a :class:`Document` with the head's id and an empty text, holding the
    sentences (numbered through the whole document), entities, timexes, events and relations of one run
    of paragraphs, cut at a section's start where one comes.  Entity and event ids after the first part
    carry the part's number ("p2.e1").  Each part merges aliases within itself, knowing the full names
    earlier parts gave (so a bare "Orlov" is the "Ivan Orlov" of an earlier part, and a person); the store
    links the same entity across parts as it links it across documents.  Iterating fills in the sentences of the
    head's gaps.
    """
    head, seg = _shell(raw.text, raw.path, title=raw.title, format=raw.format, encoding=raw.encoding,
                       content_hash=raw.content_hash)
    head.gaps = find_gaps(head.text, seg.paragraphs, seg.headings)

    def parts() -> Iterator[Document]:
        first_sentence = 0
        order = 0
        context: dict[str, DocName] = {}  # full names of earlier parts, by key
        gaps = sorted(head.gaps, key=lambda g: g.start)
        gap_starts = [g.start for g in gaps]
        for k, (paragraphs, headings) in enumerate(_runs(seg, limit or PART_CHARS, head.text), 1):
            part = Document(id=head.id, text=head.text, path=head.path, title=head.title, format=head.format,
                            encoding=head.encoding, content_hash=head.content_hash)
            _annotate(part, paragraphs, headings, first_sentence, context.values())
            first_sentence += len(part.sentences)
            for e in part.entities:
                if len(e.name.split()) > 1:
                    source = "title" if e.type == "PERSON" and e.titles else "ner"
                    span = NameSpan(-1, -1, e.name, e.type, e.subtype, source=source)
                    context.setdefault(span.key, DocName(span, -1, -1, -1, context=True))
            if k > 1:
                _number_part(part, f"p{k}.", order)
            order += len(part.events)
            for g in gaps[bisect.bisect_left(gap_starts, paragraphs[0].start):
                          bisect.bisect_left(gap_starts, paragraphs[-1].end)]:  # the gaps of this run
                s = part.sentence_at(g.start)
                if s is not None:
                    g.sentence = s.index
            part.text = ""
            yield part

    return head, parts()


def _number_part(part: Document, prefix: str, order: int) -> None:
    """Give a part's entities and events ids unique in their document, and its events their place in it."""

    def ref(local: str | None) -> str | None:
        return local if not local or local.startswith(prefix) else prefix + local

    for e in part.entities:
        e.id = prefix + e.id
    for ev in part.events:
        ev["id"] = prefix + ev["id"]
        ev["order"] = order + ev.get("order", 0)
        for p in ev.get("participants") or []:
            p["entity"] = ref(p.get("entity"))
        if isinstance(ev.get("place"), dict):
            ev["place"]["entity"] = ref(ev["place"].get("entity"))
    for r in part.relations:
        for key in ("subject_id", "object_id"):
            r[key] = ref(r.get(key))


CALLED = re.compile(
    r"(?:\b(?:it|which|this|they)\s+(?:is|was|are|were)|,)\s+(?:(?:often|usually|commonly|also|simply|sometimes|"
    r"\w+ly)\s+)*(?:called|known as|referred to as|named|termed)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _mark_topic_aliases(text: str, names: list[DocName], sentences: list[Sentence], first_sentence: int = 0) -> None:
    """ "it is (often) called X" near the start: X is another name of the document's topic."""
    if not names or first_sentence > 0:  # only the start of the document names its topic
        return
    for d in names[1:]:
        if d.sentence > 3:
            break
        window = text[max(0, d.start - 80) : d.start]
        if CALLED.search(window):
            d.span.topic_alias = True


def propagate_names(doc: Document, names: list[DocName], timexes: list,
                    votes: dict[tuple[int, int], dict[str, float]] | None = None) -> list[DocName]:
    """Later mentions the tagger missed: every other occurrence of a found name, and of a person's surname.

    Matching is case-sensitive on whole words, so "Allies" never matches "allies".  Such a mention has no
    type of its own; what its sentence says of it (``votes``, by offsets) counts with the other mentions.
    """
    forms: dict[str, NameSpan] = {}
    for d in names:
        n = d.span
        if n.source == "paren" or not n.text[:1].isupper() or len(n.text) < 3:
            continue
        forms.setdefault(n.text, n)
        words = n.text.split()
        person_like = n.type == "PERSON" or n.source == "ner" and n.type in {"ORG", "LOC"} and len(words) <= 3 \
            and knowledge.lookup(n.text) is None and words[-1].lower() not in knowledge.heads()
        if person_like and len(words) > 2 and words[-2] == "the":  # "Pliny the Younger" is called "Pliny"
            forms.setdefault(words[0], n)
        elif person_like and len(words) > 1 and words[-1][:1].isupper() and len(words[-1]) > 2:
            forms.setdefault(words[-1], n)
    if not forms:
        return []
    taken = sorted([(d.start, d.end) for d in names] + [(t.start, t.end) for t in timexes])
    starts = [a for a, _ in taken]
    found: list[DocName] = []
    for sent in doc.sentences:
        for a, b in _occurrences(sent.text, forms):
            s, e = sent.start + a, sent.start + b
            i = bisect.bisect_right(starts, s)
            if (i > 0 and taken[i - 1][1] > s) or (i < len(taken) and taken[i][0] < e):
                continue
            # no type of its own: it joins the entity it names and does not vote
            span = NameSpan(s, e, sent.text[a:b], None, None, source="propagated",
                            votes=dict((votes or {}).get((s, e), {})))
            found.append(DocName(span, s, e, sent.index))
    return found


_WORD_START = re.compile(r"(?<![\w-])\w")


def _occurrences(text: str, forms: Iterable[str]) -> Iterator[tuple[int, int]]:
    """Where the ``forms`` (names of three characters or more) occur in ``text`` as whole words, left to
    right, the longest form at each place, without overlaps.  A lookup by each word's first three
    characters, not one regular expression of every form: that would be compiled, and kept in the re
    module's cache, once for every document (or part) with a different set of names."""
    by_prefix: dict[str, list[str]] = {}
    for f in sorted(forms, key=len, reverse=True):
        by_prefix.setdefault(f[:3], []).append(f)
    done = 0
    for m in _WORD_START.finditer(text):
        a = m.start()
        if a < done:
            continue
        for f in by_prefix.get(text[a : a + 3], ()):
            b = a + len(f)
            if text.startswith(f, a) and (b == len(text) or not (text[b].isalnum() or text[b] in "_-")):
                yield a, b
                done = b
                break


def extract_raw(raw: RawText) -> Document:
    """The model of a text already read (see :mod:`annals.read`)."""
    return extract_text(raw.text, raw.path, title=raw.title, format=raw.format, encoding=raw.encoding,
                        content_hash=raw.content_hash)


def extract_path(path: str | Path) -> Document:
    """Read a file (text, Markdown or HTML) and extract its model."""
    return extract_raw(read_path(path))


def extract_many(paths: Iterable[str | Path]) -> Iterator[Document]:
    """Extract several files in order."""
    for p in paths:
        yield extract_path(p)
