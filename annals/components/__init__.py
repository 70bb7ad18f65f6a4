"""annals' own spaCy components; importing this package registers their factories."""

from annals.dates import component as dates  # noqa: F401
from annals.events import component as events  # noqa: F401
from annals.names import component as names  # noqa: F401
from annals.relations import component as relations  # noqa: F401
