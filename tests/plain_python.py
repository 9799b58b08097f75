"""Run code in a fresh interpreter, optionally where `import zhnews` fails: what a user of the
published models who never installed zhnews runs."""

import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BLOCK_ZHNEWS = """import sys
sys.modules["zhnews"] = None  # any `import zhnews` now raises ImportError
try:
    import zhnews
    raise SystemExit("zhnews is still importable")
except ImportError:
    pass
"""


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


def uses_zhnews(code: str) -> bool:
    return bool(re.search(r"^\s*(from|import) zhnews\b", code, flags=re.M))


def run_python(code: str, without_zhnews: bool, timeout: int = 300) -> str:
    """stdout of `code`; raises AssertionError with stderr when it fails."""
    prefix = BLOCK_ZHNEWS if without_zhnews else ""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    result = subprocess.run([sys.executable, "-c", prefix + code], capture_output=True, text=True, cwd=REPO_ROOT,
                            env=env, timeout=timeout)
    assert result.returncode == 0, f"exit {result.returncode}\n{code}\n{result.stderr[-3000:]}"
    return result.stdout
