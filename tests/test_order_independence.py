"""The same documents give the same entities whatever the order or grouping of ingests (issue 13, item 5).

Linking one document at a time depends on what came before (a bare "Orlov" links to the one Orlov
known so far); :meth:`annals.store.Store.resolve_entities`, run at the end of every ingest, links the
documents that share names again in an order given by their contents.  The property test stores the
same extracted documents in random orders and groupings and compares every canonical entity: its
type, its name and the document entities it gathers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annals import api
from annals.extract import extract_text
from annals.model import Document
from annals.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus import articles  # noqa: E402

# People who share surnames across documents, told with and without first names: the cases where the
# order decided (a bare surname met before or after the full names it could belong to).
HANDMADE = [
    ("a.txt", "General Marcus Licinius Crassus raised six legions in 72 BC. Crassus defeated the slaves "
              "in Lucania in 71 BC."),
    ("b.txt", "Crassus was consul in 70 BC with Pompey. Crassus later governed Syria."),
    ("c.txt", "Publius Licinius Crassus, his son, served under Caesar in Gaul in 56 BC. Publius Crassus "
              "died at Carrhae in 53 BC."),
    ("d.txt", "The Ming admiral Zheng He sailed to Calicut in 1407. Zheng returned to Nanjing in 1409."),
    ("e.txt", "Zheng Chenggong held Taiwan in 1662. Zheng drove the Dutch from Fort Zeelandia."),
    ("f.txt", "Zheng He reached Hormuz in 1414. Admiral Zheng brought a giraffe to the court."),
]


def signature(db: Path) -> list[tuple]:
    """Each canonical entity as (type, name, the (document, local id) it gathers), sorted: no row ids."""
    with Store(db, readonly=True) as s:
        rows = s._rows("SELECT e.type, e.name, d.doc, d.local_id FROM entities e "
                       "JOIN doc_entities d ON d.entity = e.id")
        assert s.check() == []
    groups: dict[tuple, set] = {}
    for r in rows:
        groups.setdefault((r["type"], r["name"]), set()).add((r["doc"], r["local_id"]))
    return sorted((t, n, tuple(sorted(m))) for (t, n), m in groups.items())


@pytest.fixture(scope="module")
def extracted() -> list[Document]:
    docs = [extract_text(text, name) for name, text in HANDMADE]
    docs += [extract_text(text, name) for name, text in articles(8, seed=7)]
    return docs


def store_in(db: Path, groups: list[list[Document]]) -> None:
    """Store the documents as that many ingests, each linked again at its end (as api.ingest does)."""
    with Store(db) as s:
        for group in groups:
            for doc in group:
                s.ingest(doc)
            s.resolve_entities(doc.id for doc in group)


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_any_order_and_grouping_gives_the_same_entities(extracted, tmp_path_factory, data) -> None:
    reference = tmp_path_factory.mktemp("ref") / "s.db"
    store_in(reference, [sorted(extracted, key=lambda d: d.id)])
    order = data.draw(st.permutations(extracted))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(order) - 1), max_size=len(order) - 1)))
    groups = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    other = tmp_path_factory.mktemp("perm") / "s.db"
    store_in(other, groups)
    assert signature(other) == signature(reference)


def test_one_by_one_in_reverse_equals_one_folder_through_the_api(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in HANDMADE:
        (folder / name).write_text(text, encoding="utf-8")
    api.ingest([folder], tmp_path / "all.db")
    for name, _ in reversed(HANDMADE):
        api.ingest([folder / name], tmp_path / "one.db")
    assert signature(tmp_path / "one.db") == signature(tmp_path / "all.db")


def test_removing_a_document_undoes_the_merges_it_made(tmp_path: Path, extracted) -> None:
    docs = extracted[:len(HANDMADE)]
    store_in(tmp_path / "with.db", [docs])
    with Store(tmp_path / "with.db") as s:
        assert s.remove_document("c.txt")
    store_in(tmp_path / "without.db", [[d for d in docs if d.path != "c.txt"]])
    assert signature(tmp_path / "with.db") == signature(tmp_path / "without.db")


def test_replacing_a_document_links_what_shared_names_with_its_old_text_again(tmp_path: Path, extracted) -> None:
    docs = extracted[:len(HANDMADE)]
    changed = extract_text("The senate met on the Capitoline hill in 55 BC and heard the envoys.", "c.txt")
    store_in(tmp_path / "replaced.db", [docs])
    store_in(tmp_path / "replaced.db", [[changed]])  # the same path, another text: replaced
    store_in(tmp_path / "fresh.db", [[d if d.path != "c.txt" else changed for d in docs]])
    assert signature(tmp_path / "replaced.db") == signature(tmp_path / "fresh.db")
