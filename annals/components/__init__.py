"""annals' own spaCy components; importing this package registers their factories."""

from annals.components import dates, events, names  # noqa: F401
from annals.relations import component as relations  # noqa: F401
