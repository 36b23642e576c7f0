"""Append-only JSONL record of every answered question, read by eval and the reviewers' view."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from assistant.models import Answer


class TraceLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, answer: Answer, retrieved: list[dict[str, Any]]) -> str:
        trace_id = f"{time.time_ns():x}"
        record = {
            "trace_id": trace_id,
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            **_whole(answer),
            "retrieved": retrieved,
        }
        append_jsonl(self.path, record)
        return trace_id

    def read(self, limit: int | None = None) -> list[dict[str, Any]]:
        records = read_jsonl(self.path)
        return records[-limit:] if limit else records


def _whole(answer: Answer) -> dict[str, Any]:
    """The answer's JSON with what the asker is not shown (an LLM answer's removed sentences)."""
    to_dict: Any = answer.to_dict
    return dict(to_dict(whole=True) if hasattr(answer, "unsupported") else to_dict())


_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def append_jsonl(path: Path, record: dict[str, Any]) -> None:
    """Append one JSON line; writers of the same file in this process take turns, whichever object
    they write through."""
    line = json.dumps(record, ensure_ascii=False)
    with _locks_guard:
        lock = _locks.setdefault(path.resolve(), threading.Lock())
    with lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of an append-only JSONL file; a line cut by a crash is skipped, never fatal."""
    if not path.exists():
        return []
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if isinstance(data, dict):
                records.append(data)
    return records
