"""The ``annals_dates`` pipeline component: date expressions found and normalised to TIMEX3.

It runs :func:`annals.dates.timex.recognise` over the Doc's text and stores the results on
``doc._.timexes`` (offsets relative to the Doc).  Relative expressions ("two days later") are
resolved afterwards over the whole document, in reading order (:func:`annals.dates.timex.resolve_relative`),
because the narrative's reference time crosses paragraph boundaries.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from annals.dates.timex import recognise

if not Doc.has_extension("timexes"):
    Doc.set_extension("timexes", default=None)


class DateFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = recognise(doc.text)
        if not doc.has_annotation("DEP"):
            # run before the parser: a date is never cut into two sentences ("5 November [O.S.] 1688",
            # "44 B.C.", "c. 1250"), so its tokens after the first start no sentence
            for t in doc._.timexes:
                span = doc.char_span(t.start, t.end, alignment_mode="expand")
                if span is not None:
                    for tok in span[1:]:
                        tok.is_sent_start = False
        return doc


@Language.factory("annals_dates")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    """The annals date finder; place it before the parser (so no sentence splits a date) and before
    ``annals_names`` so names can skip dates."""
    return DateFinder()
