"""The records the LLM answerer passes and returns: removed sentences, per-claim support, the answer
with its notice, and the passages a question was answered from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.answering.checker import PassageRef
from assistant.answering.query import Query
from assistant.models import Answer

if TYPE_CHECKING:
    from assistant.answering.retrieve import Retrieval


class DeadlineExceeded(TimeoutError):
    """The model kept writing past `LLMSettings.deadline_s`."""


# -- the answer record ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Unsupported:
    """A sentence removed from the model's answer, and why."""

    sentence: str
    citations: tuple[int, ...]
    reason: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "citations": list(self.citations), "reason": self.reason,
                "detail": self.detail}


@dataclass(frozen=True)
class ClaimSupport:
    """The passage sentence that supports one claim: `document.text[start:end] == quote`."""

    n: int
    claim: str
    quote: str
    start: int
    end: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "quote": self.quote, "start": self.start, "end": self.end,
                "score": round(self.score, 4)}


@dataclass(frozen=True)
class LLMAnswer(Answer):
    """An `Answer` with what the checker found; `to_dict` adds "unsupported", "notice" and, per
    citation, "support". Also used for the extractive fallback (then mode stays "extractive")."""

    unsupported: tuple[Unsupported, ...] = ()
    supports: tuple[ClaimSupport, ...] = ()
    notice: str = ""
    retrieval: Retrieval | None = field(default=None, compare=False, repr=False)  # for the trace, not the JSON

    @classmethod
    def wrap(cls, answer: Answer, notice: str = "", unsupported: Sequence[Unsupported] = (),
             retrieval: Retrieval | None = None) -> LLMAnswer:
        fields = {name: getattr(answer, name) for name in Answer.__dataclass_fields__}
        return cls(**fields, unsupported=tuple(unsupported), notice=notice, retrieval=retrieval)

    def to_dict(self, whole: bool = False) -> dict[str, Any]:
        """Removed sentences as reasons only (they may carry a planted message); whole: for the trace."""
        data = super().to_dict()
        for cite in data["citations"]:
            cite["support"] = [s.to_dict() for s in self.supports if s.n == cite["n"]]
        data["unsupported"] = [u.to_dict() if whole else {"citations": list(u.citations), "reason": u.reason}
                               for u in self.unsupported]
        data["notice"] = self.notice
        return data


@dataclass(frozen=True)
class Context:
    query: Query
    retrieval: Retrieval
    passages: dict[int, PassageRef]
