"""Where a model loads from: the embedded default (no name), a folder, or a Hugging Face Hub id.

A name that is neither an existing folder nor something the Hub provides fails with one error
that says both: the folder it looked for (resolved against the working directory) and what the
Hub answered.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Loaded = TypeVar("Loaded")


class ModelNotFoundError(OSError):
    """Neither a local folder nor a Hub model of that name could be loaded."""


def model_location(name_or_path: str | Path | None, embedded: Path) -> str:
    """The embedded default model when no name is given, else the name as given."""
    return str(embedded if name_or_path is None else name_or_path)


def _hub_answer(error: Exception) -> str:
    message = str(error)
    if "connect" in message.lower() or "offline" in message.lower():
        return "the Hugging Face Hub could not be reached"
    first_line = message.strip().splitlines()[0] if message.strip() else type(error).__name__
    return f"the Hugging Face Hub could not provide it ({first_line})"


def load_or_explain(name: str, load: Callable[[str], Loaded]) -> Loaded:
    """`load(name)`, turning a failed Hub lookup for a missing folder into a ModelNotFoundError."""
    try:
        return load(name)
    except (OSError, ValueError) as error:
        folder = Path(name).expanduser().resolve()
        if folder.is_dir():
            raise
        raise ModelNotFoundError(
            f"model {name!r} not found: there is no folder {folder}, and {_hub_answer(error)}. "
            f"Give an existing model folder, or no name for the embedded default."
        ) from error


def optional_model_file(name_or_path: str | Path, filename: str, subfolder: str = "") -> Path | None:
    """A file that some models of this kind carry beside their weights (an n-gram part, a unigram
    table): its path in the model folder or, for a Hub id, its downloaded copy; None when the model
    has no such file."""
    local = Path(name_or_path, subfolder)
    if local.is_dir():
        path = local / filename
        return path if path.is_file() else None
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import EntryNotFoundError

    try:
        return Path(hf_hub_download(str(name_or_path), filename, subfolder=subfolder or None))
    except EntryNotFoundError:
        return None
