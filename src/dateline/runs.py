"""What every long run shares: counts summarised at the end and a progress bar."""
from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@dataclass
class RunCounts:
    read: int = 0
    stored: int = 0
    skipped: int = 0  # already stored (same content hash)
    failed: int = 0  # could not be read
    stage_errors: int = 0
    errors: list[str] = field(default_factory=list)
    passed: Counter = field(default_factory=Counter)  # passed over on purpose: "media-only messages": 2 ...

    def report(self, console: Console, *, verb: str = "stored") -> None:
        passed = ""
        if self.passed:
            passed = "; not articles: " + ", ".join(f"{what} {n}" for what, n in sorted(self.passed.items()))
        console.print(f"read {self.read}, {verb} {self.stored}, skipped {self.skipped}, "
                      f"failed {self.failed}, stage errors {self.stage_errors}{passed}")


@contextlib.contextmanager
def progress(console: Console, label: str, *, total: int | None = None, enabled: bool = True):
    """Yield a callable that advances a rich progress bar on stderr (silent when disabled)."""
    if not enabled or not console.is_terminal:
        yield lambda n=1: None
        return
    with Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)
