"""An offline, cited advisory assistant for SMEs over policy documents."""

from assistant.advisor import Advisor, build_advisor
from assistant.errors import (
    AdvisorError,
    ConfigError,
    DocumentNotFoundError,
    IngestError,
    QuestionError,
    RetrievalError,
    StoreError,
    UnsupportedFormatError,
)
from assistant.models import Answer, Citation, ScoredChunk, SourceDocument
from assistant.settings import Settings

__all__ = [
    "Advisor", "AdvisorError", "Answer", "Citation", "ConfigError", "DocumentNotFoundError", "IngestError",
    "QuestionError", "RetrievalError", "ScoredChunk", "Settings", "SourceDocument", "StoreError",
    "UnsupportedFormatError", "build_advisor",
]
