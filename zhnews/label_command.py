"""`zhnews label`, and the `--input/--output` form of `zhnews topic` / `zhnews summarize` (aliases)."""

import argparse
import sys

from zhnews.batch import AlreadyComplete, LabelError, LabelInterrupted, LabelJob, run_label_job
from zhnews.labeller import AUTO_ON_OFF, MAX_TEXT_CHARS, TASKS, LabelSettings
from zhnews.paths import SHIPPED_SUMMARY_MODEL, SHIPPED_TOPIC_MODEL
from zhnews.threads import DEFAULT_THREADS, use_threads

ENGINES = ("local", "ray")


def add_label_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("input", help="table to label: .jsonl/.ndjson, .csv or .parquet/.pq")
    command.add_argument("-o", "--output", required=True, help="labelled table, same format as the input")
    add_job_arguments(command)
    command.add_argument("--tasks", default="topic", help=f"comma-separated, any of {','.join(TASKS)}")
    command.add_argument("--topic-model", default=str(SHIPPED_TOPIC_MODEL), help="topic model folder or Hub id")
    command.add_argument("--summary-model", default=str(SHIPPED_SUMMARY_MODEL), help="summary model folder or Hub id")
    command.add_argument("--batch-size", type=int, default=32, help="texts per model forward pass")
    command.add_argument("--min-confidence", type=float, default=None, help="topic 'abstain' below this probability")
    command.add_argument("--max-length", type=int, default=None,
                         help="most new tokens per summary (one token ≈ one Chinese character); "
                              "default: the model's generation config")
    command.set_defaults(run=run_label)


def add_job_arguments(command: argparse.ArgumentParser) -> None:
    """Options of a batch job, shared by `label` and the --input form of `topic`/`summarize`."""
    command.add_argument("--text-field", default="text", help="column holding the article text")
    command.add_argument("--title-field", default=None, help="column holding a headline, put before the text")
    command.add_argument("--id-field", default="id", help="column naming a row in the error report")
    command.add_argument("--resume", action="store_true", help="continue an interrupted job (OUTPUT.partial/)")
    command.add_argument("--overwrite", action="store_true", help="replace an existing output or interrupted job")
    command.add_argument("--int8", nargs="?", const="on", choices=tuple(AUTO_ON_OFF), default="auto",
                         help="dynamic int8 quantisation of the models' linear layers; auto: the summary model "
                              "only (its ROUGE-L holds within 0.5 point); on (or --int8 alone): both; off: neither")
    command.add_argument("--bf16", choices=tuple(AUTO_ON_OFF), default="auto",
                         help="bf16 autocast for the topic model; auto: on where the CPU has AVX512-BF16 or "
                              "AMX, off with --int8 on")
    command.add_argument("--threads", type=int, default=DEFAULT_THREADS,
                         help="torch CPU threads (more is slower when other jobs share the cores)")
    command.add_argument("--chunk-rows", type=int, default=512, help="rows per committed chunk")
    command.add_argument("--quiet", action="store_true", help="no progress bar (none either when stderr is not a terminal)")
    command.add_argument("--engine", choices=ENGINES, default="local",
                         help="'ray': the same job on Ray Data (pip install 'zhnews[ray]'; RAY_ADDRESS for a cluster)")
    command.add_argument("--ray-concurrency", type=int, default=1, help="model actors with --engine ray")


def settings_from(args, tasks: tuple[str, ...]) -> LabelSettings:
    return LabelSettings(tasks=tasks, topic_model=args.topic_model, summary_model=args.summary_model,
                         text_field=args.text_field, title_field=args.title_field,
                         min_confidence=args.min_confidence, max_length=args.max_length, int8=AUTO_ON_OFF[args.int8],
                         bf16=AUTO_ON_OFF[args.bf16],
                         batch_size=args.batch_size, max_text_chars=MAX_TEXT_CHARS)


def run_job(args, tasks: tuple[str, ...]) -> int:
    """Run a batch job; user errors, completed outputs and Ctrl-C become one line on stderr."""
    try:
        use_threads(args.threads)
        settings = settings_from(args, tasks)
        job = LabelJob(args.input, args.output, settings, resume=args.resume, overwrite=args.overwrite,
                       chunk_rows=args.chunk_rows, id_field=args.id_field, progress=not args.quiet)
        if args.engine == "ray":
            from zhnews.ray_engine import run_ray_job

            counts = run_ray_job(job, concurrency=args.ray_concurrency, threads=args.threads)
        else:
            counts = run_label_job(job)
    except AlreadyComplete as done:
        print(f"zhnews: {done}", file=sys.stderr)
        return 0
    except (LabelError, ValueError, OSError) as error:
        print(f"zhnews: error: {str(error).strip().splitlines()[0]}", file=sys.stderr)
        return 2
    except (LabelInterrupted, KeyboardInterrupt) as interrupted:
        print(f"zhnews: {interrupted or 'interrupted; rerun with --resume to continue'}", file=sys.stderr)
        return 130
    print(f"zhnews: {args.output}: {counts.line()}", file=sys.stderr)
    return 0


def run_label(args) -> int:
    return run_job(args, tuple(t.strip() for t in args.tasks.split(",") if t.strip()))
