"""Append-only JSONL record of every answered question, read by eval and the reviewers' view."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.models import Answer

log = logging.getLogger(__name__)

KEEP_ROTATED = 3


class TraceLog:
    """`enabled=False` writes nothing (ADVISOR_TRACES=off); past `max_bytes` the file is rotated to
    traces.1.jsonl (the older ones shift up to traces.3.jsonl, the oldest is dropped)."""

    def __init__(self, path: Path, max_bytes: int = 50_000_000, enabled: bool = True) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.enabled = enabled

    def rotated(self, n: int) -> Path:
        return self.path.with_name(f"{self.path.stem}.{n}{self.path.suffix}")

    def _rotate(self) -> None:
        try:
            if self.path.stat().st_size < self.max_bytes:
                return
        except OSError:
            return
        for n in range(KEEP_ROTATED, 1, -1):
            if self.rotated(n - 1).exists():
                self.rotated(n - 1).replace(self.rotated(n))
        self.path.replace(self.rotated(1))

    def append(self, answer: Answer, retrieved: list[dict[str, Any]]) -> str:
        trace_id = f"{time.time_ns():x}"
        if not self.enabled:
            return trace_id
        record = {
            "trace_id": trace_id,
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            **_whole(answer),
            "retrieved": retrieved,
        }
        try:
            with _lock_for(self.path):
                self._rotate()
            append_jsonl(self.path, record)
        except OSError as exc:  # a full disk loses the trace, never the answer
            log.warning("cannot write the trace to %s (%s)", self.path.name, exc.strerror or type(exc).__name__)
        return trace_id

    def read(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The current file's records (the rotated ones are older), the last `limit` of them."""
        records = read_jsonl(self.path)
        return records[-limit:] if limit else records

    def iter_all(self) -> Iterator[dict[str, Any]]:
        """Every record, oldest first, rotated files included, one line at a time (for exports)."""
        for path in [*(self.rotated(n) for n in range(KEEP_ROTATED, 0, -1)), self.path]:
            yield from iter_jsonl(path)


def _whole(answer: Answer) -> dict[str, Any]:
    """The answer's JSON with what the asker is not shown (an LLM answer's removed sentences)."""
    to_dict: Any = answer.to_dict
    return dict(to_dict(whole=True) if hasattr(answer, "unsupported") else to_dict())


_locks: dict[Path, threading.RLock] = {}
_locks_guard = threading.Lock()


def append_jsonl(path: Path, record: dict[str, Any]) -> None:
    """Append one JSON line; writers of the same file in this process take turns, whichever object
    they write through."""
    line = json.dumps(record, ensure_ascii=False)
    with _lock_for(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def _lock_for(path: Path) -> threading.RLock:
    with _locks_guard:
        return _locks.setdefault(path.resolve(), threading.RLock())


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of an append-only JSONL file; a line cut by a crash is skipped, never fatal."""
    return list(iter_jsonl(path))


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if isinstance(data, dict):
                yield data
