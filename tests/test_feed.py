"""RSS 2.0 and Atom feeds (read/feed.py): one article per item, dates, cleaned text, bad feeds,
and `--fetch` of teaser-only items from a loopback http.server the test starts."""
from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.article import Article, ReadError
from dateline.cli import app
from dateline.read import read_inputs, read_path, read_string

FIX = Path(__file__).resolve().parent / "fixtures"
runner = CliRunner()


def test_rss_items_become_articles():
    arts = list(read_path(FIX / "courier.rss"))
    assert all(isinstance(a, Article) for a in arts) and len(arts) == 3
    march, floods, fire = arts
    assert march.title == "Protesters march in Tbilisi"
    assert march.url == "https://lakeside-courier.example/news/tbilisi-march"
    assert march.id == march.url  # the guid, a URL
    assert march.date == "2024-05-11"  # the day as the publisher wrote it (23:30 +0300)
    assert march.source == "Lakeside Courier" and march.source_kind == "feed"
    # full content preferred to the description; HTML cleaned, scripts dropped, entities decoded
    assert march.text.startswith("Thousands of protesters marched through central Tbilisi")
    assert "detained two men" in march.text and "<" not in march.text and "track()" not in march.text
    assert "&amp;" not in march.text and "& detained" in march.text
    # a guid that is no URI is made unique with the feed's link
    assert floods.id == "https://lakeside-courier.example/#4411"
    assert floods.text.startswith("Floodwater closed three roads") and "<p>" not in floods.text
    # an item with no date takes the feed's date
    assert fire.date == "2024-05-13"
    assert march.origin.endswith("courier.rss:9")  # the line the item starts on


def test_atom_entries_content_summary_and_feed_date():
    strike, ferry = list(read_path(FIX / "harbour.atom"))
    assert strike.source == "Harbour Wire Digest" and strike.id.startswith("tag:harbour-digest.example")
    assert strike.date == "2024-06-02" and strike.text.startswith("Dock workers went on strike in Mombasa")
    assert strike.url == "https://harbour-digest.example/2024/06/mombasa-strike"
    assert ferry.date == "2024-06-03"  # no date of its own: the feed's <updated>
    assert ferry.text.startswith("A ferry ran aground off Zanzibar")


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test Feed</title>
<item><title>One</title><link>http://a.example/1</link>
<description>Police arrested five men in Lagos on Monday.</description></item>
</channel></rss>
"""


def test_item_without_any_date_is_a_named_error_or_takes_date_option(tmp_path):
    p = tmp_path / "nodate.rss"
    p.write_text(RSS, encoding="utf-8")
    (err,) = list(read_path(p))
    assert isinstance(err, ReadError) and err.line == 3
    assert "no date" in err.problem and "--date" in err.problem and "[E002]" in err.problem
    (art,) = list(read_path(p, date="2024-02-01"))
    assert art.date == "2024-02-01"


def test_malformed_feed_names_line_and_column_and_the_rest_goes_on(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text(RSS.replace("</channel></rss>", "<item><title>Two</tit"), encoding="utf-8")
    good = tmp_path / "good.rss"
    good.write_text(RSS.replace("<title>Test Feed</title>", "<title>Test Feed</title><pubDate>Mon, 01 Apr 2024 "
                                "10:00:00 GMT</pubDate>"), encoding="utf-8")
    items = list(read_inputs([bad, good]))
    errs = [i for i in items if isinstance(i, ReadError)]
    assert errs and errs[0].file == str(bad) and errs[0].line is not None
    assert "not well-formed" in errs[0].problem and "column" in errs[0].problem and "[E011]" in errs[0].problem
    assert any(isinstance(i, Article) and i.date == "2024-04-01" for i in items)  # the good feed still read


def test_xml_that_is_no_feed(tmp_path):
    p = tmp_path / "note.xml"
    p.write_text('<?xml version="1.0"?><note><to>x</to></note>', encoding="utf-8")
    (err,) = list(read_path(p))
    assert "not an RSS or Atom feed" in err.problem and "[E011]" in err.problem


def test_feed_sniffed_by_content(tmp_path):
    p = tmp_path / "feed.txt"  # no feed extension: the <rss> root decides
    p.write_text((FIX / "courier.rss").read_text(encoding="utf-8"), encoding="utf-8")
    assert [a.source_kind for a in read_path(p)] == ["feed"] * 3
    arts = list(read_string((FIX / "harbour.atom").read_text(encoding="utf-8"), name="<stdin>"))
    assert len(arts) == 2 and arts[0].source == "Harbour Wire Digest"


def test_extract_a_feed_from_the_cli():
    res = runner.invoke(app, ["extract", str(FIX / "courier.rss")])
    assert res.exit_code == 0, res.output
    objs = [json.loads(l) for l in res.stdout.splitlines() if l.startswith("{")]
    assert len(objs) == 3
    assert {o["article"]["source_kind"] for o in objs} == {"feed"}
    assert objs[0]["article"]["source"] == "Lakeside Courier"


PAGE = """<html><head><title>Fire at the depot</title><meta property="og:title" content="Fire at the depot"></head>
<body><nav>Home | World</nav><article><h1>Fire at the depot</h1>
<p>A fire broke out at a fuel depot in Mombasa on Tuesday evening, and firefighters worked through the night to
contain it, the county fire chief told reporters at the scene.</p>
<p>No one was hurt, he said, but residents of nearby streets were moved to a school as a precaution while the
flames were brought under control.</p></article><footer>Copyright Lakeside</footer></body></html>"""


@pytest.fixture()
def loopback(tmp_path):
    """An http.server on 127.0.0.1 (an ephemeral port) serving tmp_path."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield tmp_path, f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _teaser_feed(base: str) -> str:
    return f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Loopback News</title><pubDate>Tue, 04 Jun 2024 20:00:00 +0300</pubDate>
<item><title>Fire at the depot</title><link>{base}/depot.html</link><description>A fire broke out.</description></item>
<item><title>Gone</title><link>{base}/missing.html</link><description>Teaser of a missing page.</description></item>
</channel></rss>"""


def test_fetch_reads_teaser_items_from_their_pages(loopback):
    root, base = loopback
    (root / "depot.html").write_text(PAGE, encoding="utf-8")
    (root / "feed.xml").write_text(_teaser_feed(base), encoding="utf-8")
    # without --fetch: what the item carries
    plain = [a for a in read_path(root / "feed.xml") if isinstance(a, Article)]
    assert [a.text for a in plain] == ["A fire broke out.", "Teaser of a missing page."]
    # with it: the page's article text; a page that cannot be had is named, the teaser kept
    items = list(read_path(root / "feed.xml", fetch=True))
    arts = [a for a in items if isinstance(a, Article)]
    errs = [e for e in items if isinstance(e, ReadError)]
    assert arts[0].text.startswith("A fire broke out at a fuel depot in Mombasa") and "Copyright" not in arts[0].text
    assert arts[0].date == "2024-06-04" and arts[0].title == "Fire at the depot"
    assert arts[1].text == "Teaser of a missing page."
    assert len(errs) == 1 and "HTTP 404" in errs[0].problem and "[E013]" in errs[0].problem


def test_feed_by_url_and_unreachable_url(loopback):
    root, base = loopback
    (root / "feed.xml").write_text(_teaser_feed(base), encoding="utf-8")
    arts = list(read_path(f"{base}/feed.xml"))
    assert [a.source for a in arts] == ["Loopback News", "Loopback News"]
    (err,) = list(read_path(f"{base}/nothing.xml"))
    assert "HTTP 404" in err.problem and "[E013]" in err.problem
