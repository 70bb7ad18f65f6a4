"""annals' own spaCy components; importing this package registers their factories."""

from annals.components import dates, events, names, relations  # noqa: F401
