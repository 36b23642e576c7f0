"""Files in, documents out: load, clean, register, index; one broken file never stops the rest."""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.documents.cleaning import clean_text
from assistant.documents.instructions import instruction_spans
from assistant.documents.language import detect_language
from assistant.documents.loaders import SUPPORTED_SUFFIXES, load_file
from assistant.documents.metadata import jurisdiction_of, read_facts
from assistant.documents.structure import article_at_start
from assistant.errors import ConfigError, IngestError, StoreError
from assistant.index.indexer import Indexer, Progress, _quiet
from assistant.index.store import ChromaStore
from assistant.models import Block, SourceDocument

log = logging.getLogger(__name__)

MANIFEST = "manifest.yaml"


@dataclass(frozen=True)
class ManifestEntry:
    path: Path
    doc_id: str = ""
    title: str = ""
    issuer: str = ""
    date: str = ""
    language: str = ""


_READ_FIELDS = ("title", "place_level", "province", "city", "county")


def _same_reading(stored: Mapping[str, Any], doc: SourceDocument) -> bool:
    """Whether a stored document was read as today's code reads it (title and place); when not, it is stored
    again: its unchanged chunks and sentences keep their vectors, only what was read from it is renewed."""
    return all(str(stored.get(k) or "") == str(getattr(doc, k, "") or "") for k in _READ_FIELDS)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, what to know), e.g. no structure found
    chunks_embedded: int = 0
    sentences_embedded: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


def doc_id_for(path: Path) -> str:
    """A readable, stable id from the file name: letters, digits, CJK, '-' and '_'."""
    stem = re.sub(r"[^0-9A-Za-z_\-\u4e00-\u9fff]+", "-", path.stem).strip("-")[:80]
    return stem or hashlib.sha256(path.name.encode()).hexdigest()[:12]


def read_manifest(folder: Path) -> list[ManifestEntry]:
    """The default knowledge base: the manifest's entries, then other supported files in the folder."""
    entries: list[ManifestEntry] = []
    manifest = folder / MANIFEST
    listed: set[Path] = set()
    if manifest.exists():
        try:
            raw: Any = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{manifest}: not valid YAML ({exc}); fix the file") from exc
        for i, item in enumerate(raw.get("documents", [])):
            if not isinstance(item, dict) or "file" not in item:
                raise ConfigError(f"{manifest}: documents[{i}] needs a 'file' field")
            path = (folder / str(item["file"])).resolve()
            listed.add(path)
            entries.append(ManifestEntry(
                path, str(item.get("doc_id") or ""), str(item.get("title") or ""),
                str(item.get("issuer") or ""), str(item.get("date") or ""), str(item.get("language") or ""),
            ))
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.resolve() not in listed and path.is_file():
            entries.append(ManifestEntry(path.resolve()))
    return entries


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and supported files inside given folders (hidden ones skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            out.append(path)
    return out


def prepare(
    entry: ManifestEntry, max_bytes: int | None, display_name: str = ""
) -> tuple[SourceDocument, tuple[Block, ...]]:
    """Load and clean one file into the document the store keeps (raises IngestError).

    Title, issuer, 文号 and dates come from the text itself; the manifest (or an ingest option)
    overrides them, and the file name is the title only when the text names none."""
    name = display_name or entry.path.name
    loaded = load_file(entry.path, max_bytes)
    clean = clean_text(loaded.text)
    if not any(b.kind == "body" for b in clean.blocks):
        raise IngestError(str(entry.path), "the file has headings but no paragraphs of text to index")
    facts = read_facts(clean, loaded.text)
    title = entry.title or facts.title or loaded.title or Path(name).stem
    issuer = entry.issuer or facts.issuer
    place = jurisdiction_of(title, issuer, clean.text[:3000])
    doc = SourceDocument(
        doc_id=entry.doc_id or doc_id_for(Path(name)),
        title=title,
        source=name,
        text=clean.text,
        sha256=hashlib.sha256(clean.text.encode("utf-8")).hexdigest(),
        language=entry.language or detect_language(clean.text[:2000]),
        issuer=issuer,
        date=entry.date or facts.issued,
        added_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        fmt=loaded.fmt,
        doc_number=facts.doc_number,
        effective=facts.effective,
        expires=facts.expires,
        **place,
    )
    return doc, clean.blocks


def structure_note(blocks: tuple[Block, ...]) -> str:
    """Why a long document is indexed as plain paragraphs ('' when its structure was found)."""
    body = sum(b.end - b.start for b in blocks if b.kind == "body")
    structured = any(b.kind != "body" for b in blocks) or any(article_at_start(b.text) for b in blocks)
    if body > 2000 and not structured:
        return "no headings or 第X条 articles found; indexed as plain paragraphs"
    return ""


class Ingestor:
    def __init__(self, store: ChromaStore, indexer: Indexer, max_file_mb: float = 50.0) -> None:
        self.store = store
        self.indexer = indexer
        self.max_bytes = int(max_file_mb * 1_000_000)

    def ingest(self, entries: list[ManifestEntry], progress: Progress = _quiet,
               names: dict[Path, str] | None = None) -> IngestReport:
        report = IngestReport()
        self.repair(progress)
        metas = self.store.document_metadata()
        by_sha = {str(m.get("sha256")): d for d, m in metas.items()}
        markers = self.store.markers()
        for number, entry in enumerate(entries, start=1):
            label = (names or {}).get(entry.path, entry.path.name)
            progress(f"reading {label}", number - 1, len(entries))
            try:
                doc, blocks = prepare(entry, self.max_bytes, label)
            except IngestError as exc:
                report.failed.append((label, exc.reason))
                log.warning("skipped %s: %s", label, exc.reason)
                continue
            except Exception as exc:  # a parser's own bug or a malformed file: this file fails alone
                reason = (f"文件无法读取（{type(exc).__name__}），请检查文件或另存后重新上传 / the file cannot be read "
                          f"({type(exc).__name__}); check it or save it again")
                report.failed.append((label, reason))
                log.warning("skipped %s: %s: %s", label, type(exc).__name__, exc)
                continue
            if note := structure_note(blocks):
                report.notes.append((label, note))
            previous = metas.get(doc.doc_id)
            if previous and previous.get("sha256") == doc.sha256 and markers.get(doc.doc_id, None) is not None \
                    and markers[doc.doc_id].sha256 == doc.sha256 and _same_reading(previous, doc):
                report.unchanged.append(doc.doc_id)
                continue
            twin = by_sha.get(doc.sha256)
            if twin and twin != doc.doc_id:
                report.failed.append((label, f"the same text is already in the knowledge base as {twin!r}; "
                                             f"remove {twin!r} first to re-add it under a new name"))
                continue
            if previous and previous.get("added_at"):
                doc = _keep_added_at(doc, str(previous["added_at"]))
            try:
                self.store.put_document(doc, blocks, instruction_spans(doc.text))
                stats = self.indexer.index(doc, blocks, progress)
            except StoreError as exc:  # e.g. the disk is full: this file is not added, the next may be
                report.failed.append((label, str(exc)))
                log.warning("could not store %s: %s", label, exc)
                continue
            report.chunks_embedded += stats.chunks_embedded
            report.sentences_embedded += stats.sentences_embedded
            (report.updated if previous else report.added).append(doc.doc_id)
            by_sha[doc.sha256] = doc.doc_id
        if report.updated:
            self.indexer.sweep()  # chunks of replaced versions
        progress("done", len(entries), len(entries))
        return report

    def repair(self, progress: Progress = _quiet) -> list[str]:
        """Finish what an interrupted run left: re-index stale documents, drop orphan vectors."""
        repaired: list[str] = []
        for doc_id in self.indexer.stale_documents():
            doc = self.store.get_document(doc_id)
            if doc is None:
                continue
            blocks = self.store.get_blocks(doc)
            if not blocks:
                self.store.delete_document(doc_id)
                continue
            log.info("completing the interrupted index of %s", doc_id)
            try:
                self.indexer.index(doc, blocks, progress)
            except StoreError as exc:  # answers keep working from what is committed
                log.warning("cannot complete the index of %s: %s", doc_id, exc)
                continue
            repaired.append(doc_id)
        try:
            self.indexer.sweep()
        except StoreError as exc:
            log.warning("cannot remove orphan vectors: %s", exc)
        return repaired

    def remove(self, doc_id: str) -> bool:
        if self.store.get_document(doc_id) is None and doc_id not in self.store.markers():
            return False
        self.store.delete_marker(doc_id)  # invisible from here on
        self.store.delete_document(doc_id)
        self.indexer.sweep()
        return True


def _keep_added_at(doc: SourceDocument, added_at: str) -> SourceDocument:
    from dataclasses import replace

    return replace(doc, added_at=added_at)
