"""A progress bar on stderr for long runs (files and records), shown only on a terminal and only
once a run has taken about a second. rich is imported only when the bar is actually shown."""

from __future__ import annotations

import time


class Progress:
    def __init__(self, delay: float = 1.0) -> None:
        self.start = time.monotonic()
        self.delay = delay
        self._bar = None
        self._task = None

    def update(self, done: int, total: int, records: int) -> None:
        if self._bar is None:
            if time.monotonic() - self.start < self.delay or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn

            self._bar = RichProgress(
                TextColumn("loading zones"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[records]:,} records"),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("load", total=total, records=records)
        self._bar.update(self._task, completed=done, records=records)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
