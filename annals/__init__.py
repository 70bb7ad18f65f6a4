"""annals: turn historical texts into a sourced, queryable model.

Entities with aliases, dates normalised to TIMEX3, events, relations and gaps, each fact with the
sentence it came from.  See :mod:`annals.api` for the Python API: its functions are also
``annals.extract``, ``annals.ingest``, ``annals.ask``, ``annals.show``, ``annals.timeline``, ...

Several of these functions share their name with a submodule (``annals.extract`` the function and
``annals/extract.py``, ``annals.ask``, ``annals.dates``, ``annals.timeline``, ``annals.relations``,
``annals.export``).  Python's import system sets a submodule as an attribute of its package the first
time it is imported, which used to replace the function: ``annals.extract(path)`` worked once and the
second call raised "'module' object is not callable".  Here such a name stays the function, and
also gives the submodule's attributes (``annals.extract.extract_raw``), so both uses go on working.
"""

import sys
import types
from typing import Any

__version__ = "0.1.0"

from annals.api import (  # noqa: E402
    ask,
    check,
    dates,
    document,
    documents,
    entities,
    export,
    extract,
    find_entities,
    graph,
    ingest,
    ingest_text,
    relations,
    remove,
    search,
    show,
    timeline,
)

__all__ = ["__version__", "ask", "check", "dates", "document", "documents", "entities", "export", "extract",
           "find_entities", "graph", "ingest", "ingest_text", "relations", "remove", "search", "show", "timeline"]

_FUNCTIONS = {name: globals()[name] for name in __all__ if name != "__version__"}


class _FunctionAndModule:
    """``annals.<name>`` where the API function ``name`` meets the submodule ``annals.<name>``:
    calling it calls the function; any other attribute is the submodule's (read, set, deleted), so that
    ``import annals.extract`` and ``monkeypatch.setattr(annals.extract, ...)`` still reach the module."""

    __slots__ = ("_function", "_module")

    def __init__(self, function: Any, module: types.ModuleType):
        object.__setattr__(self, "_function", function)
        object.__setattr__(self, "_module", module)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)

    @property
    def __wrapped__(self) -> Any:  # inspect.signature and help() show the function's
        return self._function

    @property
    def __doc__(self) -> str | None:  # type: ignore[override]
        return self._function.__doc__

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._module, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._module, name)

    def __dir__(self) -> list[str]:
        return dir(self._module)

    def __repr__(self) -> str:
        return f"<annals.{self._function.__name__}: the function of annals.api, and the module {self._module.__name__}>"


class _Package(types.ModuleType):
    """The ``annals`` package: a submodule bound under the name of an API function keeps the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in _FUNCTIONS:
            value = _FunctionAndModule(_FUNCTIONS[name], value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
for _name, _function in _FUNCTIONS.items():  # submodules already imported (annals.api imports some)
    if f"{__name__}.{_name}" in sys.modules:
        setattr(sys.modules[__name__], _name, sys.modules[f"{__name__}.{_name}"])
del _name, _function
