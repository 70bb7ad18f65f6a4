"""bench/linking_skew.py: one surname shared by every person of every document; the pass links those the dates
and the full names allow, keeps apart those they separate, and reports its size and CPU time."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from linking_skew import SURNAME, documents, link, link_in_store  # noqa: E402


def test_documents_share_one_surname_and_are_dated() -> None:
    docs = documents(30, seed=2)
    assert len(docs) == 30 and all(len(people) == 4 and len(dates) == 1 for _d, dates, people in docs)
    names = {p.name for _d, _t, people in docs for p in people}
    assert SURNAME in names and all(n.split()[-1] == SURNAME for n in names)


def test_the_pass_links_some_people_and_keeps_others_apart() -> None:
    people, canonical, spent = link(60, seed=2)
    assert people == 240
    assert 1 < canonical < people  # same names linked; people dated centuries apart, or of other names, kept apart
    assert spent >= 0


def test_the_store_links_the_same_people_as_the_pass_in_memory() -> None:
    people, canonical, spent, each = link_in_store(60, seed=2)
    assert (people, canonical) == link(60, seed=2)[:2] and spent >= 0 and each >= 0
