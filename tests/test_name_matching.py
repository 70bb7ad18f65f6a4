"""The pure rules of cross-document name matching (annals.names.matching), without a store."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annals.model import Entity, Mention
from annals.names.matching import (
    agree_keys,
    agree_lookup,
    alias_keys,
    by_surname,
    canonical_name,
    has_full_name,
    is_full_name,
    mention_period,
    names_agree,
    person_keys,
)


def test_alias_keys_strip_the_titles_of_the_entity_and_of_its_mentions() -> None:
    ent = Entity(
        id="e1",
        name="Consul Quintus Fabius",
        type="PERSON",
        aliases=["the consul", "Fabius"],
        titles=["Consul"],
        mentions=[Mention(0, 6, "Fabius", 0, "Dictator")],
    )
    keys = alias_keys(ent)
    assert [k[0] for k in keys] == ["the consul", "Fabius", "Consul Quintus Fabius"]
    assert keys[2][1:] == ("consul quintus fabius", "quintus fabius", False)
    assert keys[0][3] is True  # "the" and one word: a description, it links nothing
    assert keys[1][1:] == ("fabius", "fabius", False)


def test_a_title_that_is_the_whole_name_is_kept() -> None:
    ent = Entity(id="e1", name="Dictator", type="PERSON", titles=["Dictator"])
    assert alias_keys(ent) == [("Dictator", "dictator", "dictator", False)]


def test_person_keys_tell_full_names_from_surnames() -> None:
    full, tails = person_keys([("zhu di", "zhu di"), ("general xu da", "xu da"), ("yongle", "yongle")])
    assert full == {"zhu di", "xu da"}
    assert tails == {"di", "da", "yongle"}


def test_a_full_name_picks_the_people_whose_full_names_agree() -> None:
    forms = {1: {"quintus fabius", "fabius"}, 2: {"gnaeus fabius"}, 3: {"q. fabius maximus"}}
    assert by_surname({"quintus m. fabius"}, {"fabius"}, [1, 2], forms) == [1]
    assert by_surname({"gnaeus fabius"}, {"fabius"}, [1, 2], forms) == [2]
    assert by_surname({"marcus fabius"}, {"fabius"}, [1, 2], forms) == []


def test_a_full_name_takes_the_one_person_known_by_a_surname_only() -> None:
    assert by_surname({"albrecht wallenstein"}, {"wallenstein"}, [7], {7: {"wallenstein"}}) == [7]
    assert by_surname({"albrecht wallenstein"}, {"wallenstein"}, [7], {7: {"max wallenstein"}}) == []


def test_a_bare_surname_picks_no_one_of_several_full_names() -> None:
    forms = {1: {"quintus fabius"}, 2: {"gnaeus fabius"}}
    assert by_surname(set(), {"fabius"}, [1], forms) == [1]
    assert by_surname(set(), {"fabius"}, [1, 2], forms) == []
    forms[3] = {"fabius"}  # the one known by nothing but the surname
    assert by_surname(set(), {"fabius"}, [1, 2, 3], forms) == [3]


def test_mention_period_spans_the_dated_sentences_of_the_mentions() -> None:
    ent = Entity(
        id="e1",
        name="Tilly",
        type="PERSON",
        mentions=[Mention(0, 5, "Tilly", 2), Mention(9, 14, "Tilly", 5), Mention(20, 25, "Tilly", 8)],
    )
    assert mention_period(ent, {2: (1620, 1620), 5: (1631, 1632), 7: (1700, 1700)}) == (1620, 1632)
    assert mention_period(ent, {7: (1700, 1700)}) is None


def test_canonical_name_prefers_a_full_name_then_the_most_used_then_the_longest() -> None:
    assert canonical_name([("Scipio", 5), ("Publius Scipio", 1)]) == "Publius Scipio"
    assert canonical_name([("Publius Scipio", 1), ("Scipio Africanus", 3)]) == "Scipio Africanus"
    assert canonical_name([("Zheng He", 2), ("Admiral Zheng He", 2)]) == "Admiral Zheng He"


def test_has_full_name_counts_words_after_the_key_drops_a_leading_the() -> None:
    assert has_full_name(Entity(id="e1", name="Hong Taiji", type="PERSON"))
    assert not has_full_name(Entity(id="e2", name="The Senate", type="ORG"))


# -- narrowing the people of a surname (a surname thousands share) --------------------------------------------
FIRSTS = ["quintus", "q", "q.", "gnaeus", "g", "marcus", "m.", "publius"]
MIDDLES = ["", "m.", "maximus", "a"]
LASTS = ["fabius", "scipio"]
names = st.builds(lambda f, m, last: " ".join(w for w in (f, m, last) if w), st.sampled_from(FIRSTS),
                  st.sampled_from(MIDDLES), st.sampled_from(LASTS)) | st.sampled_from(LASTS)


@given(a=names, b=names)
def test_names_that_agree_share_a_key(a: str, b: str) -> None:
    if names_agree(a, b):
        assert set(agree_lookup(a)) & set(agree_keys(b))
        assert set(agree_lookup(b)) & set(agree_keys(a))


@settings(max_examples=300)
@given(forms=st.lists(st.sets(names, min_size=1, max_size=3), min_size=0, max_size=7),
       kept=st.sets(st.integers(0, 6)), name=names, extra=st.sets(st.sampled_from(LASTS), max_size=1))
def test_asking_lazily_and_through_indexes_picks_whom_asking_all_picks(forms, kept, name, extra) -> None:
    """by_surname with ``keep`` asked lazily, and with the people narrowed by the keys of their forms, picks
    whom the rule picks when every person is asked first (the former code, below, as the reference)."""
    by_id = dict(enumerate(forms))
    found = set(by_id)
    full = {name} if is_full_name(name) else set()
    tails = {name.split()[-1]} | extra
    eager = _eager_by_surname(full, tails, sorted(k for k in found if k in kept), by_id)
    agreeing = {k for k, fs in by_id.items() if set(agree_keys_of(fs)) & {key for a in full for key in agree_lookup(a)}}
    bare = {k for k, fs in by_id.items() if not any(is_full_name(f) for f in fs) and fs & tails}
    assert by_surname(full, tails, found, by_id, keep=lambda k: k in kept) == eager
    assert by_surname(full, tails, found, by_id.__getitem__, keep=lambda k: k in kept, agreeing=agreeing,
                      bare=bare) == eager


def agree_keys_of(forms: set[str]) -> list[tuple[str, str, str]]:
    return [key for f in forms if is_full_name(f) for key in agree_keys(f)]


def _eager_by_surname(full: set[str], tails: set[str], found: list[int], forms: dict[int, set[str]]) -> list[int]:
    """by_surname as it was before it asked lazily: ``found`` holds the people nothing separates, all asked."""
    if full:
        agree = [k for k in found if any(names_agree(a, b) for a in full for b in forms[k] if is_full_name(b))]
        if agree:
            return agree
        if len(found) == 1 and not any(is_full_name(b) for b in forms[found[0]]):
            return [found[0]]
        return []
    if len(found) == 1:
        return [found[0]]
    bare = [k for k in found if not any(is_full_name(b) for b in forms[k]) and forms[k] & tails]
    return [bare[0]] if len(bare) == 1 else []
