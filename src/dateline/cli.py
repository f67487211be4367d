"""The `dateline` command line. Library errors become one-line CLI errors only here."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console

from .article import Article, ReadError, Reading
from .errors import DatelineError
from .read import MAX_CHARS, read_inputs
from .runs import RunCounts, progress

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="dateline: dated news reports in, a sourced event record out.")
err = Console(stderr=True, highlight=False)

# Option bundles shared by the commands that read articles (sqlite-utils style).
DateOpt = typer.Option(None, "--date", help="Article date YYYY-MM-DD for plain text without one.")
WorkersOpt = typer.Option(1, "--workers", "-w", min=1, help="Processes, one spaCy model each.")
ConfigOpt = typer.Option(None, "--config", help="Pipeline config (JSON or TOML) to swap or tune stages.")
MaxCharsOpt = typer.Option(MAX_CHARS, "--max-chars", help="Refuse articles longer than this many characters "
                                                       "(the default keeps any one article to seconds: read/common.py).")
DbOpt = typer.Option(Path("dateline.duckdb"), "--db", help="DuckDB store file.")
FetchOpt = typer.Option(False, "--fetch", help="Read a feed item that carries only a teaser from the page it links to.")
WaitOpt = typer.Option(3600.0, "--wait", min=0, help="Seconds to wait for another writer's lock on the store.")


@app.callback()
def _root() -> None:
    """dateline: dated news reports in, a sourced event record out."""


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def open_store_or_fail(db: Path, *, read_only: bool = False, wait: float = 3600.0):
    """The store, waiting (with a message) while another writer holds it; a one-line error, never
    a traceback, when it stays locked or a server holds it."""
    from .live import open_store

    try:
        return open_store(db, read_only=read_only, wait=wait, say=err.print)
    except DatelineError as exc:
        _fail(str(exc))
    except Exception as exc:  # duckdb: not a store, unreadable ...
        _fail(f"cannot open store {db}: {exc}")


def _readings(items: Iterator[Article | ReadError], *, config: Optional[Path], workers: int,
              counts: RunCounts, timings: dict | None = None) -> Iterator[Reading | ReadError]:
    """Run the pipeline over read items, passing ReadErrors through in input order."""
    from .pipeline import Pipeline, load_config, run_parallel

    cfg = load_config(config)
    pending: list[Article | ReadError] = []

    def articles():
        for it in items:
            if isinstance(it, ReadError):
                counts.failed += 1
                counts.errors.append(str(it))
                err.print(f"[yellow]skipped[/] {it}")
                pending.append(it)
            else:
                counts.read += 1
                pending.append(it)
                yield it

    if workers > 1:
        stream = run_parallel(articles(), config=cfg, workers=workers, timings=timings)
    else:
        pipe = Pipeline(cfg)
        stream = pipe.run(articles())
    for reading in stream:
        # flush read errors that came before this article, keeping input order
        while pending and isinstance(pending[0], ReadError):
            yield pending.pop(0)
        pending.pop(0)
        for e in reading.errors:
            err.print(f"[yellow]stage error[/] {reading.article.origin or reading.article.id}: "
                      f"{e.stage}: {e.message}")
        yield reading
    yield from pending  # trailing read errors


@app.command(epilog="Example:\n\n  dateline extract examples/kharkiv-2024-05-11.txt -o reading.jsonl\n\n"
             "  dateline extract notes.txt --date 2023-03-02\n\n"
             "  dateline extract news.rss --fetch\n\n"
             "  dateline extract ChatExport_2024-05-12/result.json\n\n"
             "  cat articles.jsonl | dateline extract - --format json")
def extract(
    files: List[str] = typer.Argument(..., help="Sample-format .txt, plain .txt (with --date), .jsonl, .html, an RSS or "
                                                "Atom feed (file or URL), a Telegram export (result.json), a folder, or -"),
    date: Optional[str] = DateOpt,
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (one object a line) or json (one array)."),
    workers: int = WorkersOpt,
    config: Optional[Path] = ConfigOpt,
    max_chars: int = MaxCharsOpt,
    fetch: bool = FetchOpt,
) -> None:
    """Read articles and write one JSON reading per article (the output contract)."""
    if fmt not in ("json", "jsonl"):
        _fail(f"--format must be json or jsonl, not {fmt!r}")
    counts = RunCounts()
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    objs = []
    try:
        with progress(err, "extract", enabled=output is not None) as bar:
            for item in _readings(read_inputs(files, date=date, max_chars=max_chars, fetch=fetch,
                                              tally=counts.passed),
                                  config=config, workers=workers, counts=counts):
                obj = item.to_dict()
                if isinstance(item, Reading):
                    counts.stored += 1
                    counts.stage_errors += len(item.errors)
                if fmt == "jsonl":
                    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
                else:
                    objs.append(obj)
                bar()
        if fmt == "json":
            json.dump(objs, out, ensure_ascii=False, indent=1)
            out.write("\n")
    except DatelineError as exc:
        _fail(str(exc))
    finally:
        if output:
            out.close()
    counts.report(err, verb="extracted")
    if counts.read == 0 and not counts.passed:
        raise typer.Exit(1)


from . import commands  # noqa: E402,F401 - registers the other commands on `app`


def main() -> None:  # console-script entry point
    app()

