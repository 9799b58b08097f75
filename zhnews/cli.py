"""The `zhnews` command.

    zhnews analyze [FILE ... | -]         # raw pages → stories, topic + summary each (zhnews/analyze_command.py)
    zhnews topic                          # label the example page shipped with zhnews
    zhnews topic article.txt other.txt    # one article per file
    zhnews summarize ...                  # the same inputs, a headline-length summary each
    zhnews label archive.jsonl -o labels.jsonl --tasks topic,summary   # JSONL/CSV/Parquet, crash-safe
    zhnews topic --input archive.jsonl --output labels.jsonl          # = zhnews label --tasks topic
    zhnews publish MODEL_DIR --repo-id ORG/NAME [--dry-run OUTDIR]     # to the Hugging Face Hub
"""

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path

from zhnews.analyze_command import add_analyze_command
from zhnews.label_command import add_job_arguments, add_label_arguments, run_job
from zhnews.paths import EXAMPLE_PAGE, SHIPPED_SUMMARY_MODEL, SHIPPED_TOPIC_MODEL


def _run(annotate: Callable[[list[str]], list[dict]], args) -> int:
    """Annotate article files, printing one JSON line per file."""
    files = args.files or [EXAMPLE_PAGE]
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    for path, result in zip(files, annotate(texts)):
        print(json.dumps({"file": str(path), **result}, ensure_ascii=False))
    return 0


def _label_alias(args, task: str) -> int:
    """`zhnews topic|summarize --input A --output B` is `zhnews label A -o B --tasks TASK`."""
    args.topic_model = args.summary_model = args.model  # only the task's own model is used
    args.min_confidence = getattr(args, "min_confidence", None)
    args.max_length = getattr(args, "max_length", None)
    return run_job(args, (task,))


def _topic(args) -> int:
    if args.input:
        return _label_alias(args, "topic")
    from zhnews.topic.classifier import TopicClassifier  # imports torch: keep `zhnews --help` fast

    classifier = TopicClassifier.from_pretrained(args.model)

    def annotate(texts: list[str]) -> list[dict]:
        predictions = classifier.predict(texts, batch_size=args.batch_size, min_confidence=args.min_confidence)
        return [dataclasses.asdict(p) for p in predictions]

    return _run(annotate, args)


def _summarize(args) -> int:
    if args.input:
        return _label_alias(args, "summary")
    from zhnews.summary.summarizer import Summarizer

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
    command.add_argument("files", nargs="*", help=f"text files, one article each (default: {EXAMPLE_PAGE.name})")
    command.add_argument("--model", default=str(default_model), help="model folder or Hub id")
    command.add_argument("--input", help="table to label, as `zhnews label INPUT` (.jsonl, .csv, .parquet)")
    command.add_argument("--output", help="labelled table (required with --input)")
    command.add_argument("--batch-size", type=int, default=batch_size, help="texts per model forward pass")
    add_job_arguments(command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhnews", description="Topic labels and summaries for Chinese news.")
    commands = parser.add_subparsers(dest="command", required=True)
    add_analyze_command(commands)
    label = commands.add_parser("label", help="label a JSONL/CSV/Parquet table: topics and/or summaries",
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    add_label_arguments(label)
    topic = commands.add_parser("topic", help="label articles with a topic",
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    _add_io_arguments(topic, SHIPPED_TOPIC_MODEL, batch_size=32)
    topic.add_argument("--min-confidence", type=float, default=None, help="abstain below this probability")
    topic.set_defaults(run=_topic)
    summarize = commands.add_parser("summarize", help="write a headline-length summary of each article",
                                    formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    _add_io_arguments(summarize, SHIPPED_SUMMARY_MODEL, batch_size=16)
    summarize.add_argument("--max-length", type=int, default=None,
                           help="most new tokens per summary (one token ≈ one Chinese character)")
    summarize.set_defaults(run=_summarize)
    _add_publish_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "input", None) and not args.output:
        parser.error("--input needs --output")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
