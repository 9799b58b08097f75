"""The `zhnews` command.

    zhnews topic                         # classify the example page(s) in ../shared/examples
    zhnews topic article.txt other.txt   # one article per file
    zhnews topic --input archive.jsonl --output labels.jsonl [--resume]   # batch, crash-safe
"""

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from zhnews.batch import process_jsonl
from zhnews.paths import SHARED_DIR, SHIPPED_TOPIC_MODEL


def _topic(args) -> int:
    from zhnews.topic import TopicClassifier  # imports torch: keep `zhnews --help` fast

    classifier = TopicClassifier.from_pretrained(args.model)

    def annotate(texts: list[str]) -> list[dict]:
        predictions = classifier.predict(texts, batch_size=args.batch_size, min_confidence=args.min_confidence)
        return [dataclasses.asdict(p) for p in predictions]

    if args.input:
        counts = process_jsonl(args.input, args.output, annotate, args.text_field, args.id_field,
                               resume=args.resume, overwrite=args.overwrite)
        print(json.dumps({"output": args.output, **counts}), file=sys.stderr)
        return 0
    files = args.files or sorted((SHARED_DIR / "examples").glob("*.txt"))
    if not files:
        print("no input: give article files, or --input archive.jsonl --output labels.jsonl", file=sys.stderr)
        return 2
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    for path, result in zip(files, annotate(texts)):
        print(json.dumps({"file": str(path), **result}, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhnews", description="Topic labels and summaries for Chinese news.")
    commands = parser.add_subparsers(dest="command", required=True)
    topic = commands.add_parser("topic", help="label articles with a topic")
    topic.add_argument("files", nargs="*", help="text files, one article each (default: ../shared/examples/*.txt)")
    topic.add_argument("--model", default=str(SHIPPED_TOPIC_MODEL), help="model folder or Hub id")
    topic.add_argument("--input", help="JSON lines to label, one article per line")
    topic.add_argument("--output", help="JSON lines to write (required with --input)")
    topic.add_argument("--text-field", default="text")
    topic.add_argument("--id-field", default="id", help="copied to each output row when present")
    topic.add_argument("--resume", action="store_true", help="continue an interrupted --input run")
    topic.add_argument("--overwrite", action="store_true", help="replace an existing --output")
    topic.add_argument("--batch-size", type=int, default=32)
    topic.add_argument("--min-confidence", type=float, default=None, help="abstain below this probability")
    topic.set_defaults(run=_topic)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "input", None) and not args.output:
        parser.error("--input needs --output")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
