"""The explorer: annals' store as an HTTP API and a web page (``annals serve``).

:func:`create_app` builds the FastAPI application; its routes live one resource a module
(:mod:`.documents`, :mod:`.entities`, :mod:`.timeline`, :mod:`.graph`, :mod:`.search`, :mod:`.ask`)
and call the functions of :mod:`annals.api`, as the CLI does.  The page is ``static/``: plain
JavaScript that builds its DOM from text only, served with a strict Content-Security-Policy.
"""

from annals.web.app import create_app

__all__ = ["create_app"]
