"""The date expressions' public functions now live in :mod:`annals.dates.timex`; this module keeps the
old import path for the modules that still use it (``annals.ask``)."""

from annals.dates.timex import (  # noqa: F401
    document_era,
    find_timexes,
    in_document_era,
    interval,
    normalise_timex,
    recognise,
    resolve_relative,
    settle_eras,
    sort_key,
    tells_bc_years,
)
