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
SHIPPED_TOPIC_MODEL = REPO_ROOT / "models" / "zhnews-topic"
SHIPPED_SUMMARY_MODEL = REPO_ROOT / "models" / "zhnews-summary"
