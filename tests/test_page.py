"""The map and timeline page in a real headless Chromium (Debian's, driven by Playwright),
with every request that is not to our own server refused: the page must work offline."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from dateline.article import Article
from dateline.incidents import dedup

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DOCS = Path(__file__).resolve().parents[1] / "docs"

HANDOFF = "page-test-handoff"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed here")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline, request):
    import uvicorn

    from dateline.read import read_path
    from dateline.serve import create_app

    db = tmp_path_factory.mktemp("page") / "p.duckdb"
    app = create_app(db, token="", local_token=HANDOFF)  # a local `dateline ingest` may hand batches over
    paths = sorted(EXAMPLES.iterdir())
    sample = Path(__file__).resolve().parents[2] / "shared" / "samples" / "bakhmut-2023-03-02.txt"
    if sample.exists():
        paths.append(sample)
    arts = [a for p in paths for a in read_path(p) if isinstance(a, Article)]
    app.state.store.add(list(pipeline.run(arts)))
    dedup(app.state.store)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    th.join(5)


@pytest.fixture(scope="module")
def page(server):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed here")
    sync_playwright = playwright.sync_playwright

    base, _ = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        # the probes below are JavaScript strings, which the page's CSP (no eval) would refuse;
        # test_page_works_under_its_csp loads the page with the policy in force
        ctx = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
        outside = []

        def only_ours(route):
            if route.request.url.startswith(base):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()
        ctx.route("**/*", only_ours)
        pg = ctx.new_page()
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(base + "/")
        pg.wait_for_function("document.getElementById('count').textContent.includes('incidents')", timeout=20000)
        pg.outside, pg.errors = outside, errors
        pg.browser_ = browser
        yield pg
        browser.close()


def _count(pg) -> tuple[int, int]:
    shown, _, total, _ = pg.text_content("#count").split(" ", 3)
    return int(shown), int(total)


def test_page_loads_offline_with_basemap_and_incidents(page, server):
    _, app = server
    n = app.state.store.con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    assert _count(page) == (n, n) and n > 0
    assert page.outside == [] and page.errors == []
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # Natural Earth countries drawn
    assert page.locator(".pin, .marker-cluster").count() > 0


def test_sample_incidents_are_on_the_map(page, server):
    _, app = server
    if not app.state.store.con.execute("SELECT count(*) FROM articles WHERE id LIKE 'bakhmut%'").fetchone()[0]:
        pytest.skip("../shared sample not present")
    page.select_option("#f-country", "UA")
    shown = page.evaluate("state.all.filter(i => passes(i, true)).map(i => [i.location, i.acled_sub_event_type])")
    assert ["Bakhmut", "Armed clash"] in shown
    page.select_option("#f-country", "")


def test_timeline_brush_filters_the_map(page):
    shown, total = _count(page)
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.02, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.45, y, steps=5)
    page.mouse.up()
    narrowed, _ = _count(page)
    assert narrowed < total
    assert page.locator("#clear-brush").is_visible()
    page.click("#clear-brush")
    assert _count(page) == (total, total)


def test_filters_by_type_country_verification(page):
    _, total = _count(page)
    page.select_option("#f-type", "Protests")
    shown, _ = _count(page)
    assert 0 < shown < total
    page.select_option("#f-type", "")
    assert _count(page)[0] == total


def test_click_opens_the_card_with_reports_and_evidence(page):
    iid = page.evaluate("state.all.find(i => i.location === 'Lekki').incident_id")
    page.evaluate(f"new Promise(r => cluster.zoomToShowLayer(state.markers.get('{iid}'), r))")
    page.wait_for_timeout(300)
    page.click(f".pin[data-id='{iid}']")
    page.wait_for_selector("#card:not([hidden]) .report", timeout=10000)
    card = page.text_content("#card")
    assert "Lekki" in card and "source:" in card and "disputed" in card
    assert page.locator("#card mark").count() > 0 and page.locator("#card blockquote").count() > 0
    if os.environ.get("DATELINE_DOCS_SCREENSHOT"):  # refresh the one kept in docs/
        page.screenshot(path=str(DOCS / "page.png"))
    else:
        assert page.screenshot()[:4] == b"\x89PNG"
    page.click("#close-card")
    assert page.locator("#card").is_hidden()


def test_incidents_added_while_open_appear_marked_new(page, server, pipeline):
    """An ingest handed to the running server while the page is open: the page shows its
    incident without a reload, ringed and counted as new until the reader marks it seen."""
    from dateline.live import RemoteSink

    base, app = server
    live = page.context.new_page()  # its own tab, polling every second
    errors = []
    live.on("pageerror", lambda e: errors.append(str(e)))
    live.goto(base + "/?poll=1")
    live.wait_for_function("document.getElementById('count').textContent.includes('incidents')", timeout=20000)
    before = _count(live)
    assert live.locator("#new-count").is_hidden() and live.locator(".pin.new").count() == 0
    live.evaluate("window.sameDocument = true")  # gone if the page were reloaded
    art = Article(id="live-nairobi-1", date="2024-06-25", source="Example Wire", text=(
        "NAIROBI, Kenya - Police fired tear gas at hundreds of protesters in Nairobi on Tuesday as "
        "demonstrators marched on parliament, witnesses said."))
    sink = RemoteSink({"host": "127.0.0.1", "port": int(base.rsplit(":", 1)[1]), "token": HANDOFF})
    assert sink.add(list(pipeline.run([art])), []) == 1  # the path `dateline ingest` takes on a served store
    sink.finish(changed=True)
    iid = app.state.store.con.cursor().execute(
        "SELECT incident_id FROM incidents WHERE article_ids LIKE '%live-nairobi-1%'").fetchone()[0]
    live.wait_for_function(f"state.all.some(i => i.incident_id === '{iid}')", timeout=10000)  # no reload
    assert _count(live) == (before[0] + 1, before[1] + 1)
    assert live.text_content("#new-count").startswith("1 new since you opened the page")
    # ringed where it stands, in its cluster at the world view, and tagged "new" when zoomed to
    assert live.locator(".pin.new, .marker-cluster.has-new").count() >= 1
    live.evaluate(f"new Promise(r => cluster.zoomToShowLayer(state.markers.get('{iid}'), r))")
    live.wait_for_selector(f".pin.new[data-id='{iid}']", timeout=5000)
    assert live.locator(".pin.new").count() == 1
    assert live.evaluate("window.sameDocument === true")  # never reloaded
    live.click("#new-count")  # mark seen
    assert live.locator("#new-count").is_hidden()
    assert live.locator(".pin.new, .marker-cluster.has-new").count() == 0
    assert _count(live)[1] == before[1] + 1
    assert page.outside == [] and errors == []
    live.close()


def test_page_works_under_its_csp(page, server):
    import time

    base, _ = server
    ctx = page.browser_.new_context(viewport={"width": 1280, "height": 800})  # CSP enforced here
    pg = ctx.new_page()
    problems = []
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto(base + "/")
    end = time.monotonic() + 20
    while "incidents" not in (pg.text_content("#count") or "") and time.monotonic() < end:
        time.sleep(0.2)
    assert "incidents" in pg.text_content("#count") and problems == []
    assert pg.locator(".leaflet-overlay-pane path").count() > 100
    ctx.close()
