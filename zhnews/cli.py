"""The `zhnews` command.

    zhnews topic                          # label the example page(s) in ../shared/examples
    zhnews topic article.txt other.txt    # one article per file
    zhnews topic --input archive.jsonl --output labels.jsonl [--resume]   # batch, crash-safe
    zhnews summarize ...                  # the same inputs, a headline-length summary each
    zhnews publish MODEL_DIR --repo-id ORG/NAME [--dry-run OUTDIR]     # to the Hugging Face Hub
"""

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path

from zhnews.batch import process_jsonl
from zhnews.paths import SHARED_DIR, SHIPPED_SUMMARY_MODEL, SHIPPED_TOPIC_MODEL


def _run(annotate: Callable[[list[str]], list[dict]], args) -> int:
    """Annotate a JSON-lines archive (--input) or article files, printing one JSON line per file."""
    if args.input:
        counts = process_jsonl(args.input, args.output, annotate, args.text_field, args.id_field,
                               resume=args.resume, overwrite=args.overwrite)
        print(json.dumps({"output": args.output, **counts}), file=sys.stderr)
        return 0
    files = args.files or sorted((SHARED_DIR / "examples").glob("*.txt"))
    if not files:
        print("no input: give article files, or --input archive.jsonl --output out.jsonl", file=sys.stderr)
        return 2
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    for path, result in zip(files, annotate(texts)):
        print(json.dumps({"file": str(path), **result}, ensure_ascii=False))
    return 0


def _topic(args) -> int:
    from zhnews.topic import TopicClassifier  # imports torch: keep `zhnews --help` fast

    classifier = TopicClassifier.from_pretrained(args.model)

    def annotate(texts: list[str]) -> list[dict]:
        predictions = classifier.predict(texts, batch_size=args.batch_size, min_confidence=args.min_confidence)
        return [dataclasses.asdict(p) for p in predictions]

    return _run(annotate, args)


def _summarize(args) -> int:
    from zhnews.summarizer import Summarizer

    summarizer = Summarizer.from_pretrained(args.model)

    def annotate(texts: list[str]) -> list[dict]:
        summaries = summarizer.summarize(texts, batch_size=args.batch_size, max_length=args.max_length)
        return [{"summary": s} for s in summaries]

    return _run(annotate, args)


def _publish(args) -> int:
    from zhnews.publish import PublishArgs, PublishError, publish

    try:
        report = publish(PublishArgs(args.model_dir, args.repo_id, args.private, args.revision, args.commit_message,
                                     args.base_model, args.dry_run))
    except PublishError as error:
        print(f"zhnews publish: {error}", file=sys.stderr)
        return 1
    print(report)
    return 0


def _add_publish_command(commands) -> None:
    command = commands.add_parser("publish", help="upload a model folder with a rendered card to the Hugging Face Hub")
    command.add_argument("model_dir", help="a training run's output_dir or a folder in models/")
    command.add_argument("--repo-id", required=True, help="Hub repository, ORG/NAME")
    command.add_argument("--private", action="store_true", help="create the repository private")
    command.add_argument("--revision", help="branch to commit to (created when missing)")
    command.add_argument("--commit-message")
    command.add_argument("--base-model", help="Hub id of the model this one started from (card metadata)")
    command.add_argument("--dry-run", metavar="OUTDIR", help="write the folder that would be uploaded; upload nothing")
    command.set_defaults(run=_publish, input=None)


def _add_io_arguments(command: argparse.ArgumentParser, default_model: Path, batch_size: int) -> None:
    command.add_argument("files", nargs="*", help="text files, one article each (default: ../shared/examples/*.txt)")
    command.add_argument("--model", default=str(default_model), help="model folder or Hub id")
    command.add_argument("--input", help="JSON lines to process, one article per line")
    command.add_argument("--output", help="JSON lines to write (required with --input)")
    command.add_argument("--text-field", default="text")
    command.add_argument("--id-field", default="id", help="copied to each output row when present")
    command.add_argument("--resume", action="store_true", help="continue an interrupted --input run")
    command.add_argument("--overwrite", action="store_true", help="replace an existing --output")
    command.add_argument("--batch-size", type=int, default=batch_size)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhnews", description="Topic labels and summaries for Chinese news.")
    commands = parser.add_subparsers(dest="command", required=True)
    topic = commands.add_parser("topic", help="label articles with a topic")
    _add_io_arguments(topic, SHIPPED_TOPIC_MODEL, batch_size=32)
    topic.add_argument("--min-confidence", type=float, default=None, help="abstain below this probability")
    topic.set_defaults(run=_topic)
    summarize = commands.add_parser("summarize", help="write a headline-length summary of each article")
    _add_io_arguments(summarize, SHIPPED_SUMMARY_MODEL, batch_size=16)
    summarize.add_argument("--max-length", type=int, default=None, help="most new tokens per summary")
    summarize.set_defaults(run=_summarize)
    _add_publish_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.input and not args.output:
        parser.error("--input needs --output")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
