"""The HTTP API in process (FastAPI's TestClient): every route gives what :mod:`annals.api` gives, lists
page, errors are JSON with their status, the server is read-only unless told, untrusted text comes back
as text, the page is served with a strict Content-Security-Policy, and a schema-driven run
(schemathesis over /openapi.json) finds no server error."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from webstore import EXAMPLES, XSS_SCRIPT, XSS_TEXT, build_store

from annals import api, cli
from annals.errors import StoreError
from annals.store import Store
from annals.web import create_app
from annals.web.app import STATIC
from annals.web.app import pathless as served  # what the API answers: a path is its file name


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def db(built) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db), base_url="http://localhost")


def entity_id(db: Path, name: str) -> int:
    return api.find_entities(db, name)[0]["id"]


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    return error


# -- documents -------------------------------------------------------------------------------


def test_documents_list_is_paged_and_matches_the_api(client, db):
    everything = served(api.documents(db))
    page = client.get("/api/documents").json()
    assert page["total"] == len(everything) == len(list(EXAMPLES.glob("*.txt"))) + 1  # + the hostile text
    assert page["items"] == everything
    second = client.get("/api/documents", params={"limit": 1, "offset": 1}).json()
    assert second["items"] == everything[1:2] and (second["limit"], second["offset"]) == (1, 1)
    assert client.get("/api/documents", params={"offset": 10}).json()["items"] == []


def test_one_document_has_its_text_and_everything_to_highlight(client, db):
    doc_id = next(d["id"] for d in api.documents(db) if d["title"] == "Decembrist revolt")
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc == served(api.document(db, doc_id))
    text = doc["text"]
    assert {"sentences", "entities", "timexes", "gaps", "events", "relations", "sections"} <= doc.keys()
    for s in doc["sentences"]:
        assert text[s["start"]: s["end"]] == s["text"]
    for e in doc["entities"]:
        assert isinstance(e["entity"], int)
        for m in e["mentions"]:
            assert text[m["start"]: m["end"]] == m["text"]
    for t in doc["timexes"]:
        assert text[t["start"]: t["end"]] == t["text"]
    assert [g["kind"] for g in doc["gaps"]] == ["dangling_list"]


def test_unknown_document_is_a_json_404(client):
    assert_error(client.get("/api/documents/no-such-doc"), 404, "E014")


# -- entities --------------------------------------------------------------------------------


def test_entities_filter_by_type_and_page(client, db):
    people = api.entities(db, type="PERSON")
    page = client.get("/api/entities", params={"type": "PERSON", "limit": 3, "offset": 2}).json()
    assert page["total"] == len(people)
    assert page["items"] == people[2:5]
    assert all(e["type"] == "PERSON" for e in page["items"])


def test_entities_search_by_name_or_alias(client, db):
    found = client.get("/api/entities", params={"q": "Pestel"}).json()["items"]
    assert found == api.find_entities(db, "Pestel")
    assert found[0]["name"] == "Pavel Pestel" and found[0]["match"] == "exact"
    assert client.get("/api/entities", params={"q": "Pest"}).json()["items"][0]["match"] == "prefix"
    assert client.get("/api/entities", params={"q": "Nobody Anywhere"}).json()["items"] == []


def test_entity_page_has_aliases_mentions_relations_and_events(client, db):
    pestel = entity_id(db, "Pestel")
    e = client.get(f"/api/entities/{pestel}").json()
    full = served(api.entity(db, pestel))
    assert e["name"] == "Pavel Pestel" and e["type"] == "PERSON"
    assert "Pestel" in e["aliases"] and "Colonel" in e["titles"]
    assert e["relations"] == full["relations"] and e["events"] == full["events"] and e["mentions"] == full["mentions"]
    assert [(r["subject"], r["relation"], r["object"]) for r in e["relations"]] == \
        [("Pavel Pestel", "LEADER_OF", "Southern Society")]
    assert e["events"] and all(any(p["entity"] == pestel for p in [*r["participants"], r["place"] or {}])
                               for r in e["events"])
    assert len(e["mentions"]) == e["n_mentions"] == 4
    for m in e["mentions"]:  # each mention in context: the sentence and where the mention is in it
        a = m["start"] - m["sentence_start"]
        assert m["sentence_text"][a: a + m["end"] - m["start"]] == m["text"]
    paged = client.get(f"/api/entities/{pestel}", params={"limit": 1, "offset": 1}).json()
    assert paged["mentions"] == full["mentions"][1:2] and paged["n_mentions"] == 4


def test_unknown_entity_is_a_json_404(client):
    assert_error(client.get("/api/entities/999999"), 404, "E012")


# -- timeline, graph, search, ask ------------------------------------------------------------


def chronological(day: str) -> tuple[int, str]:
    """A sort key for ISO days with astronomical years: '-0241-01-01' (242 BC) before '-0218-01-01'."""
    year, rest = re.fullmatch(r"(-?\d+)(-\d\d-\d\d.*)", day).groups()
    return int(year), rest


def test_timeline_is_the_api_timeline_paged(client, db):
    rows = served(api.timeline(db))
    page = client.get("/api/timeline").json()
    assert page["items"] == rows and page["total"] == len(rows)
    assert client.get("/api/timeline", params={"limit": 5, "offset": 5}).json()["items"] == rows[5:10]
    dated = [r["earliest"] for r in rows if r["placement"] == "dated"]
    assert dated == sorted(dated, key=chronological)  # BCE first: -0241 before -0218 before 1792


def test_timeline_filters_by_period_entity_and_type(client, db):
    got = client.get("/api/timeline", params={"from": "1918", "to": "1919", "type": "occupation"}).json()["items"]
    assert got == served(api.timeline(db, start="1918", end="1919", type="OCCUPATION"))
    assert got and all(r["type"] == "OCCUPATION" for r in got)
    by_entity = client.get("/api/timeline", params={"entity": "Pestel"}).json()["items"]
    assert by_entity == served(api.timeline(db, entity="Pestel"))


def test_timeline_bad_period_is_400_and_unknown_entity_404(client):
    error = assert_error(client.get("/api/timeline", params={"from": "someday"}), 400, "E020")
    assert "someday" in error["message"] and error["hint"]
    assert_error(client.get("/api/timeline", params={"from": "1920", "to": "1910"}), 400, "E020")
    assert_error(client.get("/api/timeline", params={"entity": "Nobody Anywhere"}), 404, "E012")


def test_graph_by_name_or_id_with_period(client, db):
    by_name = client.get("/api/graph", params={"entity": "Czechoslovak Legion", "depth": 2}).json()
    assert by_name == api.graph(db, "Czechoslovak Legion", depth=2)
    legion = by_name["root"][0]
    assert client.get("/api/graph", params={"id": legion, "depth": 2}).json() == by_name
    names = {n["name"] for n in by_name["nodes"]}
    assert {"Czechoslovak Legion", "Japan", "France"} <= names
    # Pestel led the Southern Society in 1821: that edge is in a period holding 1821 and outside others.
    assert client.get("/api/graph", params={"entity": "Pestel", "from": "1800", "to": "1830"}).json()["edges"]
    assert client.get("/api/graph", params={"entity": "Pestel", "from": "1900"}).json()["edges"] == []


def test_graph_needs_an_entity(client):
    assert_error(client.get("/api/graph"), 400, "E020")
    assert_error(client.get("/api/graph", params={"entity": "Nobody Anywhere"}), 404, "E012")
    assert_error(client.get("/api/graph", params={"id": 999999}), 404, "E012")
    assert_error(client.get("/api/graph", params={"entity": "Pestel", "depth": 9}), 422, "E020")


def test_search_finds_sentences(client, db):
    page = client.get("/api/search", params={"q": "artillery"}).json()
    assert page["items"] == served(api.search(db, "artillery"))
    assert page["items"] and "artillery" in page["items"][0]["text"]
    assert page["total"] is None
    assert client.get("/api/search", params={"q": "artillery", "offset": 1}).json()["items"] == \
        served(api.search(db, "artillery", limit=21))[1:]
    assert client.get("/api/search", params={"q": '"unbalanced'}).status_code == 200  # bad FTS5 syntax: words


def test_ask_get_and_post_give_the_api_answers(client, db):
    q = "Who led the Southern Society?"
    one = client.get("/api/ask", params={"q": q}).json()
    assert one == served(api.ask(db, [q])[0])
    assert one["answer"] and one["sources"] and one["sources"][0]["sentence"]
    many = client.post("/api/ask", json={"questions": [q, "Who led the Xyzzy Brigade?"]}).json()["answers"]
    assert many[0] == one
    assert many[1]["answer"] == "" and many[1]["sources"] == []
    assert_error(client.post("/api/ask", json={"questions": []}), 422, "E020")
    assert_error(client.get("/api/ask"), 422, "E020")


# -- errors, read-only, uploads --------------------------------------------------------------


def test_bad_parameters_are_json_422(client):
    for url in ("/api/entities?limit=0", "/api/entities?limit=many", "/api/entities?type=ALIEN",
                "/api/timeline?offset=-1", "/api/entities/not-a-number"):
        error = assert_error(client.get(url), 422, "E020")
        assert error["hint"]


def test_unknown_route_and_method_are_json(client):
    assert_error(client.get("/api/nothing-here"), 404, "E031")
    assert_error(client.delete("/api/documents"), 405, "E031")


def test_a_bug_is_a_json_500(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "search", broken)
    client = TestClient(create_app(db), raise_server_exceptions=False, base_url="http://localhost")
    r = client.get("/api/search", params={"q": "x"})
    error = assert_error(r, 500, "E099")
    assert "a bug" not in error["message"]  # no internals in the answer
    assert "content-security-policy" in r.headers


def test_uploads_are_refused_without_allow_ingest(client, db):
    before = api.documents(db)
    error = assert_error(client.post("/api/documents", json={"text": "The Society was founded in 1900."}), 403, "E030")
    assert "--allow-ingest" in error["hint"]
    assert api.documents(db) == before


def test_uploads_are_ingested_with_allow_ingest(tmp_path):
    db = tmp_path / "upload.db"
    Store(db).close()
    upload = TestClient(create_app(db, allow_ingest=True), base_url="http://localhost")
    text = "The Northern Society was founded in Saint Petersburg in 1821 by Nikita Muravyov."
    r = upload.post("/api/documents", json={"name": "northern.txt", "text": text})
    assert r.status_code == 201, r.text
    done = r.json()
    assert done["status"] == "added" and done["title"] == "northern.txt"
    doc = upload.get(f"/api/documents/{done['document']}").json()
    assert doc["text"].strip() == text
    assert any(e["name"] == "Nikita Muravyov" for e in doc["entities"])
    again = upload.post("/api/documents", json={"name": "northern.txt", "text": text}).json()
    assert again == done | {"status": "unchanged"}
    assert_error(upload.post("/api/documents", json={"text": "   \n "}), 422, "E003")


def test_create_app_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError) as err:
        create_app(tmp_path / "missing.db")
    assert err.value.code == "E013"


# -- untrusted text, headers, the page -------------------------------------------------------


def test_untrusted_markup_comes_back_as_text(client, built):
    db, xss = built
    r = client.get(f"/api/documents/{xss}")
    assert r.headers["content-type"] == "application/json"
    doc = r.json()
    assert XSS_SCRIPT in doc["text"] and "<img src=x onerror=" in doc["text"]
    assert doc["text"].strip() == XSS_TEXT.strip()


def test_every_response_has_a_strict_content_security_policy(client):
    for url in ("/", "/static/app.js", "/api/documents", "/api/nothing-here"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self';" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in csp


def test_page_and_assets_are_served_from_the_package(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'src="static/app.js"' in page.text and "<script>" not in page.text  # no inline script
    for name, kind in (("app.js", "javascript"), ("app.css", "text/css"), ("timeline.js", "javascript"),
                       ("timeline.css", "text/css")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    assert not re.search(r"https?://", page.text + client.get("/static/app.js").text.replace(
        "http://www.w3.org/2000/svg", ""))  # nothing from another origin: it works offline


def test_the_page_never_parses_data_as_html():
    source = "".join(f.read_text(encoding="utf-8") for f in STATIC.glob("*.js"))
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source


def test_openapi_describes_every_route(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/entities", "/api/entities/{entity_id}",
            "/api/timeline", "/api/graph", "/api/search", "/api/ask"} <= paths.keys()
    assert {"get", "post"} <= paths["/api/ask"].keys() and {"get", "post"} <= paths["/api/documents"].keys()


# -- the command -----------------------------------------------------------------------------


def test_serve_binds_localhost_and_is_read_only_by_default(db, monkeypatch, capsys):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    assert cli.main(["serve", "--db", str(db)]) == 0
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8000)
    assert seen["app"].state.allow_ingest is False
    assert "read-only" in capsys.readouterr().err
    assert cli.main(["serve", "--db", str(db), "--port", "8123", "--allow-ingest"]) == 0
    assert seen["port"] == 8123 and seen["app"].state.allow_ingest is True


def test_serve_a_missing_store_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["serve", "--db", str(tmp_path / "none.db")]) != 0
    assert "E013" in capsys.readouterr().err


# -- schema-driven ---------------------------------------------------------------------------


# The schema is loaded when the module is, from an application over an empty store; the test then
# points that application at the examples' store.
_EMPTY = Path(tempfile.mkdtemp(prefix="annals-schema-")) / "empty.db"
Store(_EMPTY).close()
SCHEMA_APP = create_app(_EMPTY, allowed_hosts=["testserver"])  # the name schemathesis's ASGI client sends
schema = schemathesis.openapi.from_asgi("/openapi.json", SCHEMA_APP)


@pytest.fixture
def schema_app(db):
    SCHEMA_APP.state.db = db
    return SCHEMA_APP


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_makes_a_server_error(case, schema_app):
    case.call_and_validate(checks=[not_a_server_error])
