"""annals' own spaCy components; importing this package registers their factories."""

from annals.components import dates, names  # noqa: F401
