"""The registry of relation types now lives in :mod:`annals.relations.registry`; this module keeps the
old import path for the modules that still use it (``annals.ask``, ``annals.question``)."""

from annals.relations.registry import (  # noqa: F401
    ACTORS,
    ALL_TYPES,
    CLASS_RELATION,
    REGISTRY,
    TYPES,
    RelationType,
    wording,
)
