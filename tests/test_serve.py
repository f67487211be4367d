"""The HTTP API in-process (FastAPI's TestClient over httpx): reads, filters, pages, errors, writes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.article import Article
from dateline.incidents import dedup
from dateline.serve import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def client(tmp_path_factory, pipeline):
    from dateline.read import read_path

    db = tmp_path_factory.mktemp("srv") / "s.duckdb"
    app = create_app(db, token=TOKEN)
    arts = [a for p in sorted(EXAMPLES.iterdir()) for a in read_path(p) if isinstance(a, Article)]
    app.state.store.add(list(pipeline.run(arts)))
    app.state.pipeline = pipeline
    dedup(app.state.store)
    with TestClient(app) as c:
        yield c


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["incidents"] > 0


def test_events_list_and_filters(client):
    items = client.get("/events").json()["items"]
    assert items and all("incident_id" in i for i in items)
    ng = client.get("/events", params={"country": "NG"}).json()["items"]
    assert ng and {i["country_code"] for i in ng} == {"NG"}
    prot = client.get("/events", params={"type": "Protests"}).json()["items"]
    assert prot and {i["acled_event_type"] for i in prot} == {"Protests"}
    box = client.get("/events", params={"bbox": "2,6,4,7"}).json()["items"]  # around Lagos
    assert box and all(2 <= i["longitude"] <= 4 and 6 <= i["latitude"] <= 7 for i in box)
    q = client.get("/events", params={"q": "Lekki"}).json()["items"]
    assert q and all("Lekki" in json.dumps(i) for i in q)
    since = client.get("/events", params={"since": "2024-01-01"}).json()["items"]
    assert since and all(i["event_date"] >= "2024-01-01" for i in since)


def test_cursor_pagination_visits_every_incident_once(client):
    everything = [i["incident_id"] for i in client.get("/events", params={"limit": 500}).json()["items"]]
    seen, cursor = [], None
    while True:
        page = client.get("/events", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [i["incident_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == everything


def test_incident_has_reports_quotes_and_evidence(client):
    iid = client.get("/events", params={"q": "Lekki"}).json()["items"][0]["incident_id"]
    inc = client.get(f"/events/{iid}").json()
    rep = inc["reports"][0]
    assert rep["evidence"] and all(e["text"] for e in rep["evidence"])
    assert any(q["speaker"] for q in rep["quotes"])


def test_article_with_spans(client):
    r = client.get("/articles/lagos-2020-10-21").json()
    text = r["article"]["text"]
    layers = {s["layer"] for s in r["spans"]}
    assert {"places", "events", "evidence", "quotes"} <= layers
    assert all(0 <= s["start"] < s["end"] <= len(text) for s in r["spans"])


def test_exports_over_http(client):
    csv = client.get("/export.csv", params={"country": "Nigeria"})
    assert csv.status_code == 200 and csv.text.startswith("event_id_cnty,")
    gj = client.get("/export.geojson").json()
    assert gj["type"] == "FeatureCollection" and gj["features"]
    pq = client.get("/export.parquet")
    assert pq.status_code == 200 and pq.content[:4] == b"PAR1"


@pytest.mark.parametrize("path, params, status", [
    ("/events", {"limit": 10_000}, 422),
    ("/events", {"since": "yesterday"}, 422),
    ("/events", {"country": "Atlantis"}, 400),
    ("/events", {"verification": "maybe"}, 400),
    ("/events", {"bbox": "1,2,3"}, 400),
    ("/events", {"cursor": "not-a-cursor"}, 400),
    ("/events", {"updated_after": "yesterday"}, 422),
    ("/events", {"updated_after": "2024-13-45T00:00:00"}, 422),
    ("/events", {"updated_after": "2024-01-01T00:00:00", "cursor": "not-a-cursor"}, 400),
    ("/events/inc-doesnotexist", {}, 404),
    ("/articles/nope", {}, 404),
])
def test_bad_requests_get_clear_json_errors(client, path, params, status):
    r = client.get(path, params=params)
    assert r.status_code == status and r.json()["error"]


def test_sql_in_parameters_is_only_data(client):
    r = client.get("/events", params={"q": "'; DROP TABLE incidents; --"})
    assert r.status_code == 200 and r.json()["items"] == []
    assert client.get("/health").json()["incidents"] > 0


def test_post_requires_the_token(client):
    body = {"articles": [{"id": "w1", "date": "2024-06-02", "text": "Police fired tear gas at protesters in Nairobi on Saturday."}]}
    assert client.post("/articles", json=body).status_code == 401
    assert client.post("/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = client.post("/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()["stored"] == 1
    again = client.post("/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["stored"] == 0 and again["skipped"] == 1  # idempotent
    assert client.get("/events", params={"q": "Nairobi"}).json()["items"]


def test_post_bounds_and_validation(client):
    h = {"Authorization": f"Bearer {TOKEN}"}
    too_many = {"articles": [{"id": str(i), "date": "2024-01-01", "text": "x"} for i in range(51)]}
    assert client.post("/articles", json=too_many, headers=h).status_code == 422
    bad_date = {"articles": [{"id": "x", "date": "01/02/2024", "text": "x"}]}
    r = client.post("/articles", json=bad_date, headers=h)
    assert r.status_code == 422 and "date" in r.json()["error"]
    huge = b'{"articles": [{"id": "x", "date": "2024-01-01", "text": "' + b"a" * 2_100_000 + b'"}]}'
    assert client.post("/articles", content=huge, headers={**h, "Content-Type": "application/json"}).status_code == 413


def test_updated_after_gives_what_changed_since_as_of(tmp_path, pipeline):
    """The page's poll: GET /events?updated_after=<as_of of an earlier answer> gives the incidents
    created or changed since, oldest change first, in pages of their own."""
    from dateline.read import read_path

    app = create_app(tmp_path / "u.duckdb", token=TOKEN)
    app.state.pipeline = pipeline
    arts = [a for a in read_path(EXAMPLES / "wire.jsonl") if isinstance(a, Article)]
    app.state.store.add(list(pipeline.run(arts)))
    dedup(app.state.store)
    h = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as c:
        first = c.get("/events", params={"limit": 500}).json()
        as_of, n = first["as_of"], first["total"]
        assert as_of and n == len(first["items"]) > 0
        assert c.get("/events", params={"limit": 2}).json()["total"] == n  # all that match, not the page
        nothing = c.get("/events", params={"updated_after": as_of}).json()
        assert nothing["items"] == [] and nothing["as_of"] == as_of and nothing["total"] == n
        assert c.get("/events", params={"updated_after": as_of + "+00:00"}).json()["items"] == []  # UTC either way
        body = {"articles": [
            {"id": "u1", "date": "2024-06-25", "text": "Police fired tear gas at protesters in Nairobi on Tuesday."},
            {"id": "u2", "date": "2024-06-26", "text": "Soldiers clashed with rebels near Goma on Wednesday."}]}
        assert c.post("/articles", json=body, headers=h).json()["stored"] == 2
        changed = c.get("/events", params={"updated_after": as_of}).json()
        new = [i for i in changed["items"] if i["incident_id"] not in {x["incident_id"] for x in first["items"]}]
        assert new and any("u1" in i["article_ids"] for i in new)
        assert all(i["updated_at"] > as_of for i in changed["items"])
        assert changed["as_of"] > as_of and changed["total"] == n + len(new)
        # paged in order of change, every changed incident once
        seen, cursor = [], None
        for _ in range(50):
            page = c.get("/events", params={"updated_after": as_of, "limit": 1,
                                            **({"cursor": cursor} if cursor else {})}).json()
            seen += [i["incident_id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == [i["incident_id"] for i in changed["items"]] and len(set(seen)) == len(seen)
        # a cursor of the other order is refused, not misread
        date_cursor = c.get("/events", params={"limit": 1}).json()["next_cursor"]
        assert c.get("/events", params={"updated_after": as_of, "cursor": date_cursor}).status_code == 400
        # with filters: only what matches
        ke = c.get("/events", params={"updated_after": as_of, "country": "KE"}).json()
        assert ke["items"] and {i["country_code"] for i in ke["items"]} == {"KE"} and ke["total"] >= 1


def test_handed_over_batches_show_as_incidents_before_the_run_ends(tmp_path, pipeline):
    """A long `dateline ingest` handed to the server: its incidents are merged as batches land
    (at most every MERGE_EVERY seconds), so a page polling /events sees them during the run."""
    app = create_app(tmp_path / "h.duckdb", token="", local_token="local-1")
    arts = [Article(id=f"h{k}", date="2024-06-25", text=t) for k, t in enumerate([
        "Police fired tear gas at protesters in Nairobi on Tuesday.",
        "Soldiers clashed with rebels near Goma on Tuesday."])]
    readings = list(pipeline.run(arts))
    h = {"Authorization": "Bearer local-1"}
    with TestClient(app) as c:
        batch = {"readings": [{"reading": readings[0].to_dict(), "origin": None}], "failures": []}
        assert c.post("/ingest", json=batch, headers=h).json()["stored"] == 1
        first = c.get("/events").json()
        assert first["total"] == len(first["items"]) >= 1  # merged on the first batch, no /ingest/done yet
        batch = {"readings": [{"reading": readings[1].to_dict(), "origin": None}], "failures": []}
        assert c.post("/ingest", json=batch, headers=h).json()["stored"] == 1  # within MERGE_EVERY: not merged
        assert c.get("/events", params={"updated_after": first["as_of"]}).json()["items"] == []
        c.post("/ingest/done", json={}, headers=h)  # the run's end always merges
        assert c.get("/events", params={"updated_after": first["as_of"]}).json()["items"]


def test_writes_are_off_without_a_token(tmp_path):
    app = create_app(tmp_path / "ro.duckdb", token="")
    with TestClient(app) as c:
        r = c.post("/articles", json={"articles": [{"id": "a", "date": "2024-01-01", "text": "x"}]})
        assert r.status_code == 403 and "off" in r.json()["error"]


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    assert "/events" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize("params", [
    {"limit": -1}, {"limit": 0}, {"limit": 10**30}, {"limit": "1e3"}, {"limit": "NaN"},
    {"cursor": "eyJ"}, {"cursor": "W251bGwsIDFd"}, {"cursor": "WyIyMDI0LTEzLTQ1IiwgMV0="}, {"cursor": "💥" * 10},
    {"cursor": "x" * 501}, {"since": "2024-02-30"}, {"since": "0000-01-01"}, {"until": "9" * 50},
    {"country": "UA' OR 1=1 --"}, {"country": "\u202eAU"}, {"type": "Battles\") OR (\"1\"=\"1"}, {"type": "x" * 101},
    {"q": "%' UNION SELECT * FROM articles --"}, {"q": "\x00"}, {"q": "Київ"}, {"q": "x" * 201},
    {"bbox": "nan,nan,nan,nan"}, {"bbox": "1e999,0,1,1"}, {"bbox": "-200,-100,200,100"}, {"bbox": "a,b,c,d"},
    {"verification": "'; DROP TABLE incidents; --"}, {"updated_after": "9999-12-31T23:59:59+14:00"},
    {"updated_after": "0001-01-01T00:00:00-14:00"},
])
def test_abusive_parameters_never_500(client, params):
    r = client.get("/events", params=params)
    assert r.status_code in (200, 400, 422), (params, r.status_code, r.text[:200])
    assert "error" in r.json() or "items" in r.json()


@pytest.mark.parametrize("path", ["/static/../serve.py", "/static/%2e%2e/serve.py", "/static/..%2fserve.py",
                                  "/static//etc/passwd", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/vendor/../../serve.py"])
def test_no_path_outside_the_static_folder(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404) and b"import" not in r.content


def test_page_has_security_headers_and_no_cors(client):
    r = client.get("/", headers={"Origin": "https://evil.example"})
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    api = client.get("/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in {k.lower() for k in api.headers}
    pre = client.options("/events", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in {k.lower() for k in pre.headers} and pre.status_code < 500


def test_body_size_refused_before_reading(client):
    h = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    r = client.post("/articles", content=b"{}", headers={**h, "Content-Length": "999999999"})
    assert r.status_code == 413 and "limit" in r.json()["error"]

    def chunks():  # no Content-Length: refused as the stream passes the limit
        for _ in range(100):
            yield b"a" * 100_000

    r = client.post("/articles", content=chunks(), headers=h)
    assert r.status_code == 413
    r = client.post("/articles", json={"articles": [{"id": "far", "date": "0001-01-01", "text": "Troops shelled Izium."}]},
                    headers=h)
    assert r.status_code == 422 and "1000-8999" in r.json()["error"]
