"""Batch extraction on Dask (annals batch): streaming readers and the store they build."""

from __future__ import annotations

import bz2
import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from annals.batch import document_from_json, document_to_json, run_batch, work_dir
from annals.corpus.jsonl import iter_jsonl
from annals.corpus.mediawiki import iter_pages, wikitext_to_text
from annals.store import Store

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

VLASOV = """{{Infobox military person
| name = Andrey Vlasov
| birth_date = {{birth date|1901|9|14}}
}}
'''Andrey Andreyevich Vlasov''' (14 September 1901 – 1 August 1946) was a [[Red Army]] general.<ref>{{cite book
|title=Against Stalin and Hitler|year=1970}}</ref> In 1942 [[Andrey Vlasov|Vlasov]] was captured by the
[[Wehrmacht|German Army]] near [[Leningrad]].<ref name="a">Andreyev, p. 12.</ref>

== Committee ==
In November 1944 Vlasov founded the [[Committee for the Liberation of the Peoples of Russia]] in [[Prague]].
Its members were:
* [[Fyodor Trukhin]], chief of staff
* [[Vasily Malyshkin]], a former general
* [[Georgy Zhilenkov]], a political officer

[[File:Vlasov 1942.jpg|thumb|Vlasov in [[Berlin]], 1942]]
{| class="wikitable"
| cell || cell
|}
Vlasov was executed in [[Moscow]] in August 1946.

[[Category:Soviet generals]]
[[de:Andrei Andrejewitsch Wlassow]]
"""

NTS = """'''The NTS''' (National Alliance of Russian Solidarists) was founded in [[Belgrade]] in 1930 by young
Russian émigrés.{{sfn|Stephan|1978|p=40}} [[Viktor Baidalakov]] led the NTS from 1934.

== War ==
During the war the NTS sent its members into the occupied territories of the [[Soviet Union]].
"""

OMSK = """'''Omsk''' is a city in [[Siberia]]. In November 1918 [[Alexander Kolchak|Admiral Kolchak]] took power
in Omsk after a coup.<ref>Smele 1996.</ref>
"""


def _page(title: str, ns: int, page_id: int, text: str, redirect: str | None = None) -> str:
    red = f'<redirect title="{escape(redirect)}" />' if redirect else ""
    return (f"<page><title>{escape(title)}</title><ns>{ns}</ns><id>{page_id}</id>{red}"
            f"<revision><id>{page_id}0</id><text xml:space=\"preserve\">{escape(text)}</text></revision></page>")


def make_dump(path: Path) -> Path:
    pages = [
        _page("Andrey Vlasov", 0, 1, VLASOV),
        _page("Vlasov", 0, 2, "#REDIRECT [[Andrey Vlasov]]", redirect="Andrey Vlasov"),
        _page("Talk:Andrey Vlasov", 1, 3, "Is the birth date right? ~~~~"),
        _page("NTS", 0, 4, NTS),
        _page("Omsk", 0, 5, OMSK),
    ]
    xml = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">'
           "<siteinfo><sitename>Test</sitename></siteinfo>" + "".join(pages) + "</mediawiki>")
    path.write_bytes(bz2.compress(xml.encode("utf-8")))
    return path


def snapshot(db: Path) -> dict:
    with Store(db) as store:
        docs = sorted((d["title"], d.get("path")) for d in store.documents())
        ents = sorted((e["name"], e["type"], tuple(sorted(e.get("aliases") or []))) for e in store.entities())
        events = sorted(json.dumps({k: v for k, v in e.items() if k != "id"}, sort_keys=True, default=str)
                        for e in store.events())
        rels = sorted(json.dumps({k: v for k, v in r.items() if k != "id"}, sort_keys=True, default=str)
                      for r in store.relations())
        gaps = store.gaps()
    return {"documents": docs, "entities": ents, "events": events, "relations": rels, "gaps": gaps}


def test_wikitext_to_text_keeps_structure_and_drops_markup():
    text = wikitext_to_text(VLASOV)
    lines = text.splitlines()
    assert "Committee" in lines  # a heading is a bare line
    assert "- Fyodor Trukhin, chief of staff" in lines  # list items
    announce = next(i for i, line in enumerate(lines) if line.endswith("Its members were:"))
    assert lines[announce + 1].startswith("- Fyodor Trukhin")  # the list follows its sentence, no blank line
    for junk in ("{{", "}}", "<ref", "cite book", "Andreyev, p. 12", "[[", "thumb", "Category", "wikitable",
                 "Wlassow", "Berlin"):
        assert junk not in text
    assert "Vlasov was captured by the German Army near Leningrad." in text


def test_iter_pages_skips_redirects_and_other_namespaces(tmp_path):
    records = list(iter_pages(make_dump(tmp_path / "dump.xml.bz2")))
    assert [r.title for r in records] == ["Andrey Vlasov", "NTS", "Omsk"]
    assert records[0].path.endswith("dump.xml.bz2#1")
    plain = tmp_path / "dump.xml"
    plain.write_bytes(bz2.decompress((tmp_path / "dump.xml.bz2").read_bytes()))
    assert [r.title for r in iter_pages(plain)] == ["Andrey Vlasov", "NTS", "Omsk"]


def test_document_json_round_trip():
    from annals.extract import extract_text

    doc = extract_text("General Andrey Vlasov founded the committee in Prague in November 1944.", "x.txt")
    again = document_from_json(document_to_json(doc))
    assert again == doc


@pytest.fixture(scope="module")
def dump_stores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("batch")
    dump = make_dump(tmp / "dump.xml.bz2")
    one = run_batch(dump, tmp / "one.db", workers=1, partition_size=2)
    two = run_batch(dump, tmp / "two.db", workers=2, partition_size=2)
    return tmp, dump, one, two


def test_batch_dump_with_two_workers(dump_stores):
    tmp, _dump, _one, report = dump_stores
    assert report.pages == 3 and report.partitions == 2 and not report.failures
    assert [p.name[:10] for p in sorted(work_dir(tmp / "two.db").glob("part-*.parquet"))] == ["part-00001",
                                                                                             "part-00002"]
    assert not list(work_dir(tmp / "two.db").glob("load-*.db"))  # the partition stores went into the store
    snap = snapshot(tmp / "two.db")
    assert [t for t, _ in snap["documents"]] == ["Andrey Vlasov", "NTS", "Omsk"]  # no redirect, no talk page
    assert not [g for g in snap["gaps"] if g.get("kind") == "dangling_list"]  # the list is there
    names = {n for n, _, _ in snap["entities"]}
    assert {"Georgy Zhilenkov", "Prague", "Committee for the Liberation of the Peoples of Russia"} <= names
    assert any("Vlasov" in n for n in names)
    assert any("NTS" in n or "NTS" in a for n, _, a in snap["entities"])
    with Store(tmp / "two.db") as store:
        doc = store.documents()
    assert all("{{" not in json.dumps(d) for d in doc)


def test_same_store_with_one_and_two_workers(dump_stores):
    tmp, *_ = dump_stores
    assert snapshot(tmp / "one.db") == snapshot(tmp / "two.db")


def test_the_report_tells_extraction_resolution_and_loading_apart(dump_stores):
    tmp, _dump, one, _two = dump_stores
    assert one.extraction_seconds > 0 and one.resolution_seconds > 0 and one.loading_seconds > 0
    assert one.resolution_seconds + one.loading_seconds == pytest.approx(one.merge_seconds)
    assert one.mode == "bulk" and one.cpu["resolution"]["workers"] > 0 and one.cpu["loading"]["driver"] > 0
    assert one.merge_seconds < one.seconds
    assert {"extraction_seconds", "resolution_seconds", "loading_seconds"} <= set(one.to_json())
    with Store(tmp / "one.db") as store:  # the load built the indexes and the full-text index it deferred
        assert store.check() == []
        assert [h["document"] for h in store.search_sentences("Prague")]
        names = {r[0] for r in store._db.execute("SELECT name FROM sqlite_master")}
        assert {"events_doc", "mentions_doc_entity", "sentences_fts_insert"} <= names and "bulk_load" not in names


def test_rerun_over_the_same_dump_extracts_and_writes_nothing(dump_stores):
    tmp, dump, *_ = dump_stores
    before = snapshot(tmp / "two.db")
    again = run_batch(dump, tmp / "two.db", workers=1, partition_size=2)
    assert again.mode == "update" and again.partitions == 0 and again.results == {"unchanged": 3}
    assert again.rows_written == 0
    assert snapshot(tmp / "two.db") == before


def test_batch_jsonl_and_title_filter(tmp_path):
    src = tmp_path / "corpus.jsonl"
    rows = [{"id": "a", "title": "Vlasov", "text": wikitext_to_text(VLASOV)},
            {"id": "b", "title": "NTS", "text": wikitext_to_text(NTS)},
            {"id": "c", "title": "Omsk", "text": wikitext_to_text(OMSK)}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n\nnot json\n", encoding="utf-8")
    assert [r.title for r in iter_jsonl(src) if hasattr(r, "title")] == ["Vlasov", "NTS", "Omsk"]
    report = run_batch(src, tmp_path / "j.db", workers=1, partition_size=1, filter_title="^(Vlasov|Omsk)$",
                       processes=False)
    assert report.pages == 2 and len(report.failures) == 1  # the line that is not JSON
    titles = sorted(t for t, _ in snapshot(tmp_path / "j.db")["documents"])
    assert titles == ["Omsk", "Vlasov"]


def test_other_partition_size_starts_over(tmp_path):
    from annals.batch import _check_manifest

    folder = tmp_path / "x.db.batch"
    _check_manifest(folder, tmp_path / "dump.xml", 50, None)
    (folder / "part-00001.parquet").write_bytes(b"x")
    _check_manifest(folder, tmp_path / "dump.xml", 50, None)
    assert (folder / "part-00001.parquet").exists()  # same batch: kept for the rerun
    _check_manifest(folder, tmp_path / "dump.xml", 20, None)
    assert not (folder / "part-00001.parquet").exists()  # other partitions: removed


def test_cli_batch(tmp_path, capsys):
    from annals.cli import main

    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"id": "o", "title": "Omsk", "text": wikitext_to_text(OMSK)}) + "\n", encoding="utf-8")
    rc = main(["batch", str(src), "--db", str(tmp_path / "c.db"), "--workers", "1", "--quiet", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["pages"] == 1 and out["results"] == {"added": 1}
    assert len(list((tmp_path / "c.db.batch").glob("part-00001-*.parquet"))) == 1


def test_an_existing_cluster_given_by_its_scheduler(dump_stores):
    from distributed import LocalCluster

    tmp, dump, *_ = dump_stores
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        report = run_batch(dump, tmp / "sched.db", scheduler=cluster.scheduler_address, partition_size=2)
        assert len(cluster.workers) == 1  # run_batch used this cluster and left it running
    assert report.pages == 3 and not report.failures
    assert snapshot(tmp / "sched.db") == snapshot(tmp / "one.db")


def test_a_record_the_store_cannot_take_fails_alone(tmp_path, monkeypatch):
    import annals.batch

    src = tmp_path / "corpus.jsonl"
    rows = [{"id": k, "title": t, "text": wikitext_to_text(w)} for k, t, w in
            (("a", "Vlasov", VLASOV), ("b", "NTS", NTS), ("c", "Omsk", OMSK))]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    real = annals.batch.document_from_json

    def broken_for_nts(data):  # noqa: ANN001, ANN202
        doc = real(data)
        if doc.title == "NTS":
            doc.relations = [{"source": {"start": object()}}]  # no store can bind this
        return doc

    monkeypatch.setattr(annals.batch, "document_from_json", broken_for_nts)
    report = run_batch(src, tmp_path / "j.db", workers=1, partition_size=3, processes=False)
    assert [e[:4] for _, e in report.failures] == ["E099"] and report.results == {"added": 2}
    with Store(tmp_path / "j.db") as store:
        assert sorted(d["title"] for d in store.documents()) == ["Omsk", "Vlasov"]
        assert store.check() == []
