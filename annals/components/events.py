"""The events component now lives in :mod:`annals.events.component`; this module keeps the old import
path for the modules that still use it (``annals.ask``, ``annals.question``)."""

from annals.events.candidates import EventCandidate  # noqa: F401
from annals.events.lexicon import lexicon  # noqa: F401
