"""annals: turn historical texts into a sourced, queryable model.

Entities with aliases, dates normalised to TIMEX3, events, relations and gaps, each fact with the
sentence it came from.  See :mod:`annals.api` for the Python API.
"""

__version__ = "0.1.0"

from annals.api import dates, entities, extract, ingest, show  # noqa: E402

__all__ = ["__version__", "dates", "entities", "extract", "ingest", "show"]
