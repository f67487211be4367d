"""Hostile input harness (issue 19): mutate real-looking inputs, read each, count what breaks.

    .venv/bin/python scripts/fuzz.py --cases 10000 --seed 1 --timeout 20
    .venv/bin/python scripts/fuzz.py --cases 200 --no-pipeline        # readers only

Seeds are inputs we wrote (sample-format text, JSONL, HTML, the RSS, Atom and Telegram
fixtures in tests/fixtures). Each case applies one to three mutations (truncation, invalid
UTF-8, NUL and control characters, BOMs, mixed line ends, a huge line, deep or huge JSON,
wrong types in every JSON field, far dates, scripts and broken tags in HTML) and is read as
`read_path` reads a file, in a folder beside one good article; the articles are then run
through the pipeline together. A case passes when it ends in readings or named errors (a
code like [E004] in the message) and the good article comes out whole. Counted: tracebacks
(an exception escaping the reader or the pipeline, or a stage error E010), hangs (past
--timeout seconds), unnamed errors, and lost good articles. Nothing here touches the network.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"

GOOD = ("date 2024-05-11\nKHARKIV, Ukraine (Reuters) - Russian forces shelled a village near Kharkiv on "
        "Saturday, killing two civilians, the regional governor said. \"We will rebuild,\" he said.\n")
TEXT = ("date 2024-05-12\nNEAR CHASIV YAR, Ukraine - Ukrainian troops repelled an assault on Friday, the army "
        "said in a Telegram post. \"They came at dawn,\" a soldier told Reuters.\n\nProtesters marched in "
        "Tbilisi on Sunday against the bill, police said, and 40 people were detained.\n")
JSONL = "\n".join(json.dumps(r) for r in [
    {"id": "a1", "date": "2024-05-11", "text": "Police detained 40 protesters in Tbilisi on Saturday, officials said.",
     "title": "Arrests", "url": "https://example.org/a1", "source": "Example Wire", "source_kind": "wire"},
    {"id": 2, "date": "2024-05-12", "text": "Shelling killed three people in Kherson on Sunday, the governor said."},
]) + "\n"
HTML = ("<!doctype html><html><head><title>Strike on Odesa</title><meta property=\"article:published_time\" "
        "content=\"2024-05-11T10:00:00Z\"></head><body><article><h1>Strike on Odesa</h1><p>A missile struck the "
        "port of Odesa on Saturday, killing four people, the regional governor said in a statement.</p><p>\"It "
        "was a deliberate attack,\" he said.</p></article></body></html>\n")


def seeds() -> list[tuple[str, bytes]]:
    out = [(".txt", TEXT.encode()), (".jsonl", JSONL.encode()), (".html", HTML.encode())]
    for name in ("courier.rss", "harbour.atom", "result.json"):
        p = FIXTURES / name
        if p.exists():
            out.append((p.suffix, p.read_bytes()))
    return out


# --- mutations: (random, suffix, bytes) -> bytes ---------------------------------------------------

def m_truncate(rnd, sfx, b):
    return b[: rnd.randrange(len(b) + 1)]


def m_bad_utf8(rnd, sfx, b):
    junk = rnd.choice([b"\xff", b"\xfe\xff", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x80"])
    i = rnd.randrange(len(b) + 1)
    return b[:i] + junk + b[i:]


def m_controls(rnd, sfx, b):
    i = rnd.randrange(len(b) + 1)
    return b[:i] + rnd.choice(["\x00", "\x01\x02\x1b[2J", "\x7f", "\u200b\u202e", "\ufeff", "\x0c\x0b"]).encode() + b[i:]


def m_bom(rnd, sfx, b):
    return rnd.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"]) + b


def m_line_ends(rnd, sfx, b):
    return b.replace(b"\n", rnd.choice([b"\r\n", b"\r", "\u2028".encode(), b"\n\r", b"\x85"]))


def m_huge_line(rnd, sfx, b):
    unit = rnd.choice(["shelling ", "x", "\"", "12 ", "<b>", "[", "{\"a\":"])
    i = rnd.randrange(len(b) + 1)
    return b[:i] + (unit * (rnd.choice([1_000, 20_000, 120_000]) // len(unit))).encode() + b[i:]


def m_deep_json(rnd, sfx, b):
    d = rnd.choice([100, 5_000, 200_000])
    v = rnd.choice(["[" * d + "]" * d, "{\"a\":" * d + "1" + "}" * d])
    if sfx == ".jsonl":
        return b + (json.dumps({"id": "deep", "date": "2024-05-11"})[:-1] + ", \"text\": " + v + "}\n").encode()
    return v.encode()


def m_huge_json(rnd, sfx, b):
    n = rnd.choice([300, 20_000])
    rec = {"id": 0, "date": "2024-05-11", "text": "Troops shelled Izium."}
    if sfx == ".json":
        return json.dumps({"name": "x", "messages": [{"id": i, "type": "message", "date": "2024-05-11T00:00:00",
                                                       "text": "hi"} for i in range(n)]}).encode()
    return "\n".join(json.dumps({**rec, "id": i}) for i in range(n)).encode()


WEIRD = [None, True, 0, -1, 1e308, float("nan"), "", " ", [], {}, [1, "a"], {"x": {"y": None}}, "\x00", "9" * 400,
         "2024-02-30", "0001-01-01", "9999-12-31", "+275760-09-13", "-0044-03-15", "1970-01-01T00:00:00Z",
         "Mon, 32 May 2024 99:99:99 +9999", 10 ** 30, -10 ** 30, "x" * 50_000]


def _retype(rnd, obj, depth=0):
    if isinstance(obj, dict):
        return {k: (rnd.choice(WEIRD) if rnd.random() < 0.3 else _retype(rnd, v, depth + 1)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [rnd.choice(WEIRD) if rnd.random() < 0.1 else _retype(rnd, v, depth + 1) for v in obj]
    return obj


def m_wrong_types(rnd, sfx, b):
    try:
        if sfx == ".jsonl":
            lines = [json.loads(x) for x in b.decode().splitlines() if x.strip()]
            return "\n".join(json.dumps(_retype(rnd, x), allow_nan=True) for x in lines).encode()
        return json.dumps(_retype(rnd, json.loads(b.decode())), allow_nan=True).encode()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return m_dates(rnd, sfx, b)


def m_dates(rnd, sfx, b):
    s = b.decode("utf-8", "replace")
    far = rnd.choice(["0001-01-01", "9999-12-31", "2024-02-30", "0000-00-00", "99999-01-01", "1066-10-14"])
    s = re.sub(r"\d{4}-\d{2}-\d{2}", far, s)
    s = re.sub(r"\d{2} [A-Z][a-z]{2} \d{4}", rnd.choice(["31 Feb 2024", "01 Jan 0001", "01 Jan 9999"]), s)
    s = s.replace("1715418900", rnd.choice(["-99999999999", "99999999999999", "1e300", "NaN"]))
    return s.encode()


def m_html(rnd, sfx, b):
    bits = ["<script>while(1){}</script>", "<style>*{}</style>", "<p><b><i>unclosed", "</div></div></body>",
            "<!--", "<![CDATA[", "<iframe src=javascript:alert(1)>", "&#0;&#xFFFFFF;&bogus;", "<?xml?>",
            "<svg onload=alert(1)>", "<" * 5_000, "<div>" * 3_000, "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>&a;"]
    s = b.decode("utf-8", "replace")
    for _ in range(rnd.randint(1, 4)):
        i = rnd.randrange(len(s) + 1)
        s = s[:i] + rnd.choice(bits) + s[i:]
    return s.encode()


def m_flip(rnd, sfx, b):
    b = bytearray(b)
    for _ in range(rnd.randint(1, 8)):
        if b:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
    return bytes(b)


MUTATIONS = [m_truncate, m_bad_utf8, m_controls, m_bom, m_line_ends, m_huge_line, m_deep_json, m_huge_json,
             m_wrong_types, m_dates, m_html, m_flip]


def cases(n: int, seed: int = 0):
    """n (name, suffix, bytes) cases, the same for the same seed."""
    rnd = random.Random(seed)
    base = seeds()
    for k in range(n):
        sfx, b = rnd.choice(base)
        names = []
        for _ in range(rnd.choice([1, 1, 2, 3])):
            m = rnd.choice(MUTATIONS)
            names.append(m.__name__[2:])
            b = m(rnd, sfx, b)
        yield f"{k}:{sfx}:{'+'.join(names)}", sfx, b


class Hang(BaseException):
    pass


_CODE = re.compile(r"\[E\d{3}\]|^E\d{3}$")


def run_case(name, sfx, data, *, pipeline, tmp: Path, timeout: float) -> str:
    """'ok', 'traceback', 'hang', 'unnamed' or 'lost' for one case."""
    from dateline.article import ReadError
    from dateline.read import read_path

    folder = tmp / name.split(":")[0]
    folder.mkdir()
    (folder / f"case{sfx}").write_bytes(data)
    (folder / "good.txt").write_text(GOOD, "utf-8")

    def alarm(*_):
        raise Hang()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        items = list(read_path(folder))
        arts = [a for a in items if not isinstance(a, ReadError)]
        if any(not _CODE.search(e.problem) for e in items if isinstance(e, ReadError)):
            return "unnamed"
        if any("[E017]" in e.problem for e in items if isinstance(e, ReadError)):
            return "caught"  # a reader's bug, stopped by read_path's guard: still counted
        good_first = sorted(arts, key=lambda a: not a.text.startswith("KHARKIV"))[:48]  # volume is not the point
        readings = pipeline.run_batch(good_first) if pipeline is not None else []
        if pipeline is not None:
            if any(e.code == "E010" for r in readings for e in r.errors):
                return "traceback"
            good = [r for r in readings if r.article.text.startswith("KHARKIV") and r.article.date == "2024-05-11"]
            if not good or not good[0].places or not good[0].events:
                return "lost"
        elif not any(a.text.startswith("KHARKIV") for a in arts):
            return "lost"
        return "ok"
    except Hang:
        return "hang"
    except Exception:
        traceback.print_exc(limit=-4, file=sys.stderr)
        return "traceback"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def fuzz(n: int, *, seed: int = 0, timeout: float = 20.0, pipeline=None, say=None) -> tuple[Counter, list[str]]:
    counts: Counter = Counter()
    bad: list[str] = []
    with tempfile.TemporaryDirectory() as d:
        for name, sfx, data in cases(n, seed):
            t0 = time.perf_counter()
            res = run_case(name, sfx, data, pipeline=pipeline, tmp=Path(d), timeout=timeout)
            counts[res] += 1
            if say and sum(counts.values()) % 500 == 0:
                say(f"after {sum(counts.values())} cases: {dict(counts)}")
            if res != "ok":
                bad.append(f"{name}: {res}")
                if say:
                    say(f"{name}: {res} ({time.perf_counter() - t0:.1f} s)")
    return counts, bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per case before it counts as a hang")
    ap.add_argument("--no-pipeline", action="store_true", help="readers only")
    a = ap.parse_args()
    pipe = None
    if not a.no_pipeline:
        from dateline.pipeline import Pipeline

        pipe = Pipeline()
        pipe.warm()
    t0 = time.perf_counter()
    counts, bad = fuzz(a.cases, seed=a.seed, timeout=a.timeout, pipeline=pipe,
                       say=lambda s: print(s, file=sys.stderr, flush=True))
    print(json.dumps({"cases": a.cases, "seed": a.seed, "seconds": round(time.perf_counter() - t0, 1),
                      **{k: counts.get(k, 0) for k in ("ok", "traceback", "caught", "hang", "unnamed", "lost")}}))


if __name__ == "__main__":
    main()
