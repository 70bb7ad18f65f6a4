"""The background data files: each says where its facts come from and under which licence, the gazetteer
files agree with themselves, and names of several periods and places are known with the right type."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources

import pytest

from annals import knowledge

DATA = resources.files("annals").joinpath("data")
DATA_FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".json"))
GAZETTEER_FILES = ("events.json", "works.json", "places.json", "organisations.json", "groups.json",
                   "historical_states.json", "historical_places.json", "historical_events.json", "institutions.json")
TYPES = {"PERSON", "ORG", "GPE", "LOC", "GROUP", "EVENT", "WORK"}
YEAR = re.compile(r"^-?\d{4}(-\d{2}(-\d{2})?)?$")


def _load(name: str) -> dict:
    with DATA.joinpath(name).open(encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_says_its_source_and_licence(name):
    data = _load(name)
    note = data.get("note", "")
    assert len(note) > 40, name
    said = " ".join(str(data.get(k, "")) for k in ("note", "source", "licence"))
    source = r"knowledge|usage|reference|atlas|encyclop|written for annals|wordfreq|geonames"
    assert re.search(source, said, re.IGNORECASE), f"{name}: no source"
    licence = data.get("licence", "") or (re.search(r"licen[cs]e.*", note, re.IGNORECASE) or [""])[0]
    assert re.search(r"MIT|CC0|CC BY", licence), f"{name}: no licence"


def test_every_gazetteer_file_is_read():
    for name in GAZETTEER_FILES:
        assert DATA.joinpath(name).is_file(), name
    sources = {k.source for k in knowledge.gazetteer().values()}
    assert sources == set(GAZETTEER_FILES)


@pytest.mark.parametrize("name", GAZETTEER_FILES)
def test_gazetteer_entries_are_well_formed(name):
    entries = _load(name)["entries"]
    assert len(entries) >= 150, name  # lists complete by a criterion, not a handful of names
    for e in entries:
        assert e["name"].strip() == e["name"] and e["name"], e
        assert e.get("type", "ORG") in TYPES, e
        assert isinstance(e.get("aliases", []), list), e
        for key in ("start", "end", "date"):
            if e.get(key):
                assert YEAR.match(e[key]), (name, e["name"], key, e[key])
        if e.get("start") and e.get("end"):
            assert int(e["start"][:5 if e["start"].startswith("-") else 4]) <= \
                int(e["end"][:5 if e["end"].startswith("-") else 4]), e["name"]


def test_no_name_has_two_types_across_files():
    types: dict[str, set[str]] = defaultdict(set)
    for name in GAZETTEER_FILES:
        for e in _load(name)["entries"]:
            for form in [e["name"], *e.get("aliases", [])]:
                if form:
                    types[knowledge.name_key(form)].add(e.get("type", "ORG"))
    clashes = {k: v for k, v in types.items() if len(v) > 1}
    assert not clashes


def test_new_files_repeat_no_name_of_the_older_ones():
    older = set()
    for name in GAZETTEER_FILES[:5]:
        for e in _load(name)["entries"]:
            older.add(knowledge.name_key(e["name"]))
    for name in GAZETTEER_FILES[5:]:
        for e in _load(name)["entries"]:
            assert knowledge.name_key(e["name"]) not in older, (name, e["name"])


@pytest.mark.parametrize("name,type_,subtype", [
    # antiquity
    ("Lutetia", "GPE", "city"), ("Eboracum", "GPE", "city"), ("Britannia", "GPE", "province"),
    ("Dacia", "GPE", "province"), ("Euboea", "LOC", "island"), ("Battle of Cannae", "EVENT", "battle"),
    ("Battle of Zama", "EVENT", "battle"), ("Samnite Wars", "EVENT", "war"),
    ("Battle of Red Cliffs", "EVENT", "battle"),
    ("Kingdom of Aksum", "GPE", "historical state"), ("Tikal", "GPE", "city-state"),
    ("Magadha", "GPE", "historical state"),
    # middle ages
    ("Wessex", "GPE", "historical state"), ("Goguryeo", "GPE", "historical state"),
    ("Mali Empire", "GPE", "historical state"),
    ("Majapahit", "GPE", "historical state"), ("Kalmar Union", "GPE", "historical state"),
    ("Battle of Hattin", "EVENT", "battle"),
    ("Battle of Bannockburn", "EVENT", "battle"), ("Battle of Agincourt", "EVENT", "battle"),
    ("Chimú", "GPE", "historical state"),
    # early modern and modern
    ("Battle of Marignano", "EVENT", "battle"), ("Battle of Okehazama", "EVENT", "battle"),
    ("Battle of Sekigahara", "EVENT", "battle"),
    ("Battle of Plassey", "EVENT", "battle"), ("Vijayanagara Empire", "GPE", "historical state"),
    ("Songhai Empire", "GPE", "historical state"),
    ("Battle of Ayacucho", "EVENT", "battle"), ("Battle of Isandlwana", "EVENT", "battle"),
    ("Battle of Adwa", "EVENT", "battle"),
    ("Mahdist State", "GPE", "historical state"), ("Kaga Domain", "GPE", "domain"),
    ("Travancore", "GPE", "princely state"),
    # geography
    ("Khyber Pass", "LOC", "pass"), ("Strait of Magellan", "LOC", "strait"),
    ("Shikoku", "LOC", "island"), ("Curaçao", "LOC", "island"),
    ("Zanzibar", "LOC", "island"), ("Capitoline Hill", "LOC", "hill"), ("Kent", "GPE", "county"),
])
def test_names_of_many_periods_are_known(name, type_, subtype):
    known = knowledge.lookup(name)
    assert known is not None, name
    assert (known.type, known.subtype) == (type_, subtype), known


@pytest.mark.parametrize("alias,canonical", [
    ("Tawantinsuyu", "Inca Empire"), ("Mewar", "Udaipur State"), ("Kaga", "Kaga Domain"), ("Cuzco", "Cusco"),
    ("Koryo", "Goryeo"), ("Rapa Nui", "Easter Island"), ("Bagradas", "Medjerda"), ("Guyenne", "Aquitaine"),
])
def test_alternate_names_find_their_entry(alias, canonical):
    known = knowledge.lookup(alias)
    assert known is not None and known.name == canonical, (alias, known)


def test_renamed_cities_name_the_present_day_place():
    by_name = {e["name"]: e for e in _load("historical_places.json")["entries"]}
    assert by_name["Lutetia"]["same_place_as"] == "Paris"
    assert by_name["Vindobona"]["same_place_as"] == "Vienna"
    assert by_name["Cawnpore"]["same_place_as"] == "Kanpur"


def test_dated_events_anchor_in_the_right_year():
    assert knowledge.lookup("Battle of Lepanto").start.startswith("1571")
    assert knowledge.lookup("Battle of Sekigahara").start == "1600"
    assert knowledge.lookup("Battle of Cannae").start.startswith("-0216")
    assert knowledge.lookup("Taiping Rebellion").end.startswith("1864")


def test_peace_of_is_a_treaty():
    assert knowledge.lookup("Peace of Nicias").type == "WORK"
    assert knowledge.heads()["peace"] == ("WORK", "treaty")


@pytest.mark.parametrize("name,type_", [
    ("Duchy of Parmavia", "GPE"), ("Sultanate of Qalat", "GPE"),
    ("Ashikaga shogunate", "ORG"), ("Imperial Diet", "ORG"),
    ("Madras Native Infantry", "ORG"), ("Siege of Rhodesville", "EVENT"), ("Carlist Restoration", "EVENT"),
    ("Lewis and Clark Expedition", "EVENT"), ("Peace of Lodi", "WORK"), ("Code of Hammurabi", "WORK"),
    ("Portuguese Embassy", "LOC"), ("Cape of Good Hope", "LOC"), ("Isle of Thanet", "LOC"), ("Somme estuary", "LOC"),
])
def test_head_nouns_type_names_no_list_holds(name, type_):
    words = name.split()
    head = words[knowledge.head_index(words)].casefold()
    assert knowledge.heads()[head][0] == type_, name


def test_head_nouns_are_not_given_names():
    given = {g.casefold() for g in knowledge.given_names()}
    assert not given & set(knowledge.heads()), given & set(knowledge.heads())
    assert set(knowledge.lowercase_heads()) <= set(knowledge.heads()) | {"concentration camp"}


@pytest.mark.parametrize("given", [
    "Wilhelm", "Giuseppe", "Bolesław", "Mustafa", "Hiroshi", "Eleanor", "Guillaume", "Ferenc", "Václav", "Gonçalo",
    "Nikolaos", "Jawaharlal", "Sigrid", "Pyotr", "Ahmet",
])
def test_given_names_of_many_languages(given):
    assert given in knowledge.given_names()


def test_given_names_are_broad():
    assert len(knowledge.given_names()) >= 15000


@pytest.mark.parametrize("given", [
    # given names of countries whose names the hand-written list of world history does not hold (Faker's lists)
    "Selçuk", "Wambugu", "Eyleifur", "Ngozi", "Wahyu", "Wanjiru", "Ilkka", "Thandiwe", "Oddveig", "Ceyhun",
])
def test_given_names_of_name_statistics(given):
    assert given in knowledge.given_names()


def test_given_names_of_name_statistics_are_no_words_places_or_heads():
    """What a capital letter may also mean is left out of the generated list: frequent words, countries and large
    towns, head nouns and titles."""
    from annals import geo
    world = knowledge._load("world_given_names.json")["entries"]
    assert not {w.casefold() for w in world} & knowledge.common_words()
    assert not {w.casefold() for w in world} & (set(knowledge.heads()) | set(knowledge.titles()))
    for name in ("Florence", "Adelaide", "Jordan", "Victoria", "Georgia", "India", "Charlotte", "Grace", "Will"):
        assert name not in world, name
    assert not [w for w in world if any(p.kind == "country" for p in geo.candidates(w))]


@pytest.mark.parametrize("name,subtype", [
    # legislatures of present states and historical assemblies
    ("Storting", "assembly"), ("Knesset", "assembly"), ("Cortes Generales", "assembly"), ("Lok Sabha", "assembly"),
    ("Congress of Deputies", "assembly"), ("Althing", "assembly"), ("Long Parliament", "assembly"),
    ("Frankfurt Parliament", "assembly"), ("Continental Congress", "assembly"), ("Zemsky Sobor", "assembly"),
    ("Witenagemot", "assembly"), ("Comitia Centuriata", "assembly"), ("Imperial Diet of Japan", "assembly"),
    # armed forces
    ("Royal Australian Navy", "military"), ("Bundeswehr", "military"), ("Regia Marina", "military"),
    ("New Model Army", "military"), ("Eight Banners", "military"), ("Army of the Potomac", "military"),
    # security services, orders, international bodies, companies
    ("SAVAK", "secret police"), ("Shin Bet", "intelligence agency"), ("Carabinieri", "police"),
    ("Cistercians", "religious order"), ("Order of Calatrava", "religious order"),
    ("Capuchins", "religious order"), ("ASEAN", "international organisation"),
    ("Zollverein", "international organisation"),
    ("Second Coalition", "alliance"), ("Lombard League", "alliance"), ("Muscovy Company", "company"),
    ("Levant Company", "company"), ("Swedish East India Company", "company"),
])
def test_institutions_of_many_states_and_periods_are_known(name, subtype):
    known = knowledge.lookup(name)
    assert known is not None and known.source == "institutions.json", (name, known)
    assert (known.type, known.subtype) == ("ORG", subtype), known


def test_institutions_repeat_no_name_or_alias_of_the_other_files():
    others = set()
    for name in GAZETTEER_FILES[:-1]:
        for e in _load(name)["entries"]:
            others.update(knowledge.name_key(f) for f in [e["name"], *e.get("aliases", [])] if f)
    for e in _load("institutions.json")["entries"]:
        for form in [e["name"], *e.get("aliases", [])]:
            assert knowledge.name_key(form) not in others, form


def test_institutions_hold_no_description_of_a_nation_army():
    """'the Russian army marched': a people's adjective before a head noun read in lowercase is a description,
    and the gazetteer is blind to case, so the list names no service that way."""
    forms = {knowledge.name_key(f) for e in _load("institutions.json")["entries"] for f in [e["name"], *e["aliases"]]}
    for description in ("Russian Army", "Egyptian Navy", "Swedish Air Force", "Ottoman Fleet", "Athenian Assembly"):
        assert knowledge.name_key(description) not in forms, description


@pytest.mark.parametrize("colony, state", [
    ("Belgian Congo", "Democratic Republic of the Congo"), ("Gold Coast", "Ghana"), ("Irish Free State", "Ireland"),
    ("Dutch East Indies", "Indonesia"), ("Nyasaland", "Malawi"), ("Union of South Africa", "South Africa"),
])
def test_a_colony_or_dominion_is_no_alias_of_the_state_that_followed_it(colony, state):
    known = knowledge.lookup(colony)
    assert known.name == colony and known.subtype == "historical state"
    assert knowledge.lookup(state).name == state


def test_a_colony_and_the_state_after_it_are_two_entities():
    from annals.extract import extract_text
    text = "In 1957 the Gold Coast became independent, and Ghana joined the Commonwealth of Nations."
    names = {e.name for e in extract_text(text).entities}
    assert {"Gold Coast", "Ghana"} <= names
