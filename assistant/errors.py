"""The advisor's exception tree: every message says what failed, the bad value and the fix.

`str(exc)` is English (the CLI and logs); an error may also carry a `code` and its `params`, which
`assistant.messages.render_error` turns into the user's language (zh or en) for the web app and the HTTP API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class AdvisorError(Exception):
    """Base class of every error the advisor raises on purpose."""

    def __init__(self, *args: object, code: str = "", params: Mapping[str, Any] | None = None) -> None:
        super().__init__(*args)
        self.code = code
        self.params: dict[str, Any] = dict(params or {})


class ConfigError(AdvisorError):
    """A setting is missing or has a value the advisor cannot use."""


class QuestionError(AdvisorError):
    """The question cannot be answered as given (empty, too long)."""


class IngestError(AdvisorError):
    """A file could not be read into the knowledge base."""

    def __init__(self, path: str, reason: str, code: str = "", params: Mapping[str, Any] | None = None) -> None:
        super().__init__(f"{path}: {reason}", code=code, params={"path": path, **(params or {})})
        self.path = path
        self.reason = reason


class UnsupportedFormatError(IngestError):
    """The file's extension is not one the loaders read."""


class DuplicateDocumentError(IngestError):
    """The same content is already indexed under another document id."""


class ProfileError(AdvisorError):
    """An enterprise profile has an unknown field or a value of the wrong kind."""


class CatalogError(ConfigError):
    """knowledge/programs.yaml is malformed; the message names the entry and the field."""


class DocumentNotFoundError(AdvisorError):
    """No document with that id is in the knowledge base."""


class StoreError(AdvisorError):
    """The vector store failed or cannot be reached."""


class RetrievalError(AdvisorError):
    """Retrieval failed for a reason other than the store."""
