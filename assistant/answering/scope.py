"""Whose rules answer a question: a question that names a place is answered only from documents
whose jurisdiction covers it (national documents cover everywhere, a province its cities)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.documents.places import Place, covers, places_in


def document_place(meta: Mapping[str, Any]) -> Place:
    """A document's jurisdiction from its stored fields (level '' means unknown)."""
    level = str(meta.get("place_level", "")) or "unknown"
    return Place(str(meta.get("province", "")), str(meta.get("city", "")), str(meta.get("county", "")), level,
                 "")


def place_label(place: Place, language: str) -> str:
    """"上海市", "浙江省", "象山县" as the question or document names it."""
    if place.level == "national":
        return "全国" if language == "zh" else "the whole country"
    if place.name and language == "zh" and any("\u4e00" <= ch <= "\u9fff" for ch in place.name):
        return place.name
    return place.county or place.city or place.province or place.name


@dataclass(frozen=True)
class PlaceScope:
    """The places a question names; `allows(doc_id)` says whether a document's rules apply there."""

    asked: tuple[Place, ...]
    documents: Mapping[str, Mapping[str, Any]]

    @property
    def active(self) -> bool:
        return bool(self.asked)

    def allows(self, doc_id: str) -> bool:
        if not self.asked:
            return True
        place = document_place(self.documents.get(doc_id, {}))
        return any(covers(place, asked) for asked in self.asked)

    def label(self, language: str) -> str:
        return "、".join(place_label(p, language) for p in self.asked)

    def place_of(self, language: str) -> Callable[[str], str]:
        """doc id -> a label of the document's own place, for listing related passages."""
        def label(doc_id: str) -> str:
            place = document_place(self.documents.get(doc_id, {}))
            return "" if place.level == "unknown" else place_label(place, language)
        return label


def scope_for(question: str, documents: Mapping[str, Mapping[str, Any]]) -> PlaceScope:
    """The places a question names, except the whole country (that restricts nothing)."""
    asked = tuple(p for p in places_in(question) if p.level not in ("national", "unknown"))
    return PlaceScope(asked, documents)


def place_words(question: str) -> Sequence[str]:
    """The words of a question that name a place (never counted as terms the documents lack)."""
    return [p.name for p in places_in(question) if p.name]
