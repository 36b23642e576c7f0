"""Builds the advisor on a background thread so the page can show progress while the index loads."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from assistant.advisor import Advisor, build_advisor
from assistant.errors import AdvisorError
from assistant.settings import Settings

log = logging.getLogger(__name__)


class AdvisorLoader:
    """Builds the advisor on a background thread; handlers wait for it, the page shows its progress."""

    def __init__(self, settings: Settings, factory: Callable[..., Advisor] = build_advisor) -> None:
        self.settings = settings
        self.advisor: Advisor | None = None
        self.error = ""
        self.progress: tuple[str, int, int] = ("", 0, 0)
        self._factory = factory
        self._ready = threading.Event()
        self._logged = ("", -1)

    def start(self) -> AdvisorLoader:
        threading.Thread(target=self._build, name="advisor-loader", daemon=True).start()
        return self

    def _report(self, stage: str, done: int, total: int) -> None:
        self.progress = (stage, done, total)
        decile = done * 10 // total if total else 0
        if (stage, decile) != self._logged:
            self._logged = (stage, decile)
            log.info("knowledge base: %s %d/%d", stage, done, total)

    def _build(self) -> None:
        started = time.perf_counter()
        try:
            self.advisor = self._factory(self.settings, progress=self._report)
            log.info("advisor ready in %.1f s (%d documents)", time.perf_counter() - started,
                     len(self.advisor.documents()))
        except Exception as exc:  # shown on the page and in the log; never a stack trace in the browser
            log.exception("the advisor could not be built")
            self.error = str(exc) or type(exc).__name__
        finally:
            self._ready.set()

    def get(self, timeout: float = 300.0) -> Advisor:
        if not self._ready.wait(timeout) or self.advisor is None:
            if self.error:
                raise AdvisorError(self.error, code="load_failed", params={"reason": self.error})
            raise AdvisorError("the knowledge base is still loading; try again in a moment", code="loading")
        return self.advisor


