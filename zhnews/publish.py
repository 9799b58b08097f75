"""`zhnews publish MODEL_DIR --repo-id ORG/NAME`: validate a model folder, render its card, upload it.

The folder that goes to the Hub is staged first: the model, tokenizer and run files, and a README.md
rendered from metrics.json and run_config.yaml (zhnews.model_card) naming the repository in its
snippets. `--dry-run OUTDIR` writes exactly that folder and uploads nothing; otherwise it is uploaded
with huggingface_hub (`create_repo(exist_ok=True)`, then `upload_folder`). The token comes from
HF_TOKEN or the login cache, is handed to HfApi only, and is scrubbed from any error message.
"""

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from huggingface_hub import HfApi, get_token

from zhnews.model_card import METRICS_FILES, TASKS, write_model_card
from zhnews.run_record import RUN_CONFIG_FILE, RUN_INFO_FILE
from zhnews.safe_loading import remote_code_problem, weight_problems
from zhnews.summary.fluency import SCORER_FILE, uses_fluency_scorer
from zhnews.topic.ngram import NGRAM_FILE

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
PUBLISHED_FILES = ("model.safetensors", "config.json", "generation_config.json", *TOKENIZER_FILES,
                   *METRICS_FILES, RUN_CONFIG_FILE, RUN_INFO_FILE, NGRAM_FILE, SCORER_FILE)
REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$")


class PublishError(RuntimeError):
    """A publish that cannot go ahead; the message says why in one line and never holds the token."""


@dataclass
class PublishArgs:
    model_dir: Path
    """A zhnews model folder: a training run's output_dir or a folder in models/."""
    repo_id: str
    """Hub repository, ORG/NAME."""
    private: bool = False
    """Create the repository private (an existing repository keeps its visibility)."""
    revision: str | None = None
    """Branch to commit to (created from main when missing); None: main."""
    commit_message: str | None = None
    base_model: str | None = None
    """Hub id of the model this one started from, for the card metadata (a local base has none)."""
    dry_run: Path | None = None
    """Write the folder that would be uploaded here and upload nothing."""

    def __post_init__(self):
        self.model_dir = Path(self.model_dir)
        if not REPO_ID.match(self.repo_id):
            raise PublishError(f"--repo-id must look like ORG/NAME, not {self.repo_id!r}")
        if self.dry_run is not None:
            self.dry_run = Path(self.dry_run)
            if self.dry_run.exists() and any(self.dry_run.iterdir()):
                raise PublishError(f"--dry-run folder {self.dry_run} exists and is not empty")


def folder_problems(model_dir: Path) -> list[str]:
    """Everything missing or wrong in a model folder, for one message."""
    if not model_dir.is_dir():
        return [f"{model_dir} is not a folder"]
    problems = weight_problems(model_dir, refuse_any_pickle=True)
    config_path = model_dir / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.exists() else None
    if config is None:
        problems.append("config.json is missing")
    else:
        architecture = (config.get("architectures") or ["?"])[0]
        if architecture not in TASKS:
            problems.append(f"config.json: architecture {architecture} is not a zhnews model ({', '.join(TASKS)})")
        if config.get("is_encoder_decoder") and not (model_dir / "generation_config.json").exists():
            problems.append("generation_config.json is missing (a seq2seq model needs its decoding settings)")
        problems += [p for p in [remote_code_problem(config, str(model_dir))] if p]
        if uses_fluency_scorer(config.get("zhnews") or {}) and not (model_dir / SCORER_FILE).exists():
            problems.append(f"{SCORER_FILE} is missing (config.json's fluency floors need the fluency estimate)")
    if not (model_dir / "tokenizer_config.json").exists():
        problems.append("tokenizer_config.json is missing")
    if not any((model_dir / name).exists() for name in ("tokenizer.json", "vocab.txt")):
        problems.append("the tokenizer (tokenizer.json or vocab.txt) is missing")
    if not any((model_dir / name).exists() for name in METRICS_FILES):
        problems.append("metrics.json is missing (the card is rendered from it)")
    if not (model_dir / RUN_CONFIG_FILE).exists():
        problems.append(f"{RUN_CONFIG_FILE} is missing (the card is rendered from the run's resolved config)")
    return problems


def stage_folder(args: PublishArgs, destination: Path) -> list[str]:
    """Write the folder to upload into `destination`; returns its file names."""
    problems = folder_problems(args.model_dir)
    if problems:
        raise PublishError(f"{args.model_dir} cannot be published: " + "; ".join(problems))
    destination.mkdir(parents=True, exist_ok=True)
    for name in PUBLISHED_FILES:
        if (args.model_dir / name).exists():
            shutil.copy(args.model_dir / name, destination / name)
    write_model_card(destination, model_id=args.repo_id, base_model=args.base_model)
    return sorted(p.name for p in destination.iterdir())


def _scrubbed(error: Exception, token: str) -> str:
    message = f"{type(error).__name__}: {error}".replace(token, "***")
    return message.splitlines()[0] if message else type(error).__name__


def upload(args: PublishArgs, folder: Path, token: str) -> str:
    """create_repo(exist_ok=True), the branch for --revision, then upload_folder; the commit URL."""
    api = HfApi(token=token)
    try:
        api.create_repo(args.repo_id, private=args.private, exist_ok=True, repo_type="model")
        if args.revision:
            api.create_branch(args.repo_id, branch=args.revision, exist_ok=True, repo_type="model")
        commit = api.upload_folder(repo_id=args.repo_id, folder_path=str(folder), repo_type="model",
                                   revision=args.revision,
                                   commit_message=args.commit_message or f"Upload {args.model_dir.name} with zhnews")
    except Exception as error:  # network, auth, permissions: one clear line, never the token
        raise PublishError(f"upload to {args.repo_id} failed: {_scrubbed(error, token)}") from None
    return str(getattr(commit, "commit_url", commit))


def publish(args: PublishArgs) -> str:
    """Dry run: stage into args.dry_run. Otherwise stage into a temporary folder and upload it.
    Returns a one-line report."""
    if args.dry_run is not None:
        files = stage_folder(args, args.dry_run)
        return f"dry run: {args.dry_run} holds what would go to {args.repo_id} ({', '.join(files)})"
    with tempfile.TemporaryDirectory(prefix="zhnews-publish-") as staging:
        stage_folder(args, Path(staging))
        token = get_token()
        if not token:
            raise PublishError("no Hugging Face token: set HF_TOKEN or run `hf auth login`, then publish again")
        return f"published {args.repo_id}: {upload(args, Path(staging), token)}"
