"""Default locations. Every path can be overridden in a config file or on the command line."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# ../shared next to the checkout; ZHNEWS_SHARED points elsewhere.
SHARED_DIR = Path(os.environ.get("ZHNEWS_SHARED", REPO_ROOT.parent / "shared"))
SHARED_DATA_DIR = SHARED_DIR / "data"
SHARED_VOCAB_FILE = SHARED_DIR / "vocab" / "bert-base-chinese-vocab.txt"
# Git-ignored working folders: prepared datasets and training runs.
PREPARED_DATA_DIR = REPO_ROOT / "data" / "prepared"
RUNS_DIR = REPO_ROOT / "runs"
PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(in_package: str, in_checkout: str) -> Path:
    """A file that ships with zhnews: under the package in a wheel install (`pip install .`),
    at its project path in a checkout or an editable install (see pyproject's package-dir)."""
    installed = PACKAGE_DIR / in_package
    return installed if installed.exists() else REPO_ROOT / in_checkout


SHIPPED_TOPIC_MODEL = _shipped("models/zhnews-topic", "models/zhnews-topic")
SHIPPED_SUMMARY_MODEL = _shipped("models/zhnews-summary", "models/zhnews-summary")
EXAMPLE_PAGE = _shipped("examples/zhejiang_daily_2025-02-24_page.txt",
                        "data/examples/zhejiang_daily_2025-02-24_page.txt")
