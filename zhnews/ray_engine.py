"""`zhnews label --engine ray`: the same job on Ray Data, from one machine to a cluster.

    read (ray.data.read_binary_files for JSONL, read_parquet, read_csv) → map_batches(RayLabeller,
    concurrency=N): one model load per actor, labeller.py's row checks and models → the driver
    commits the labelled rows, in input order, through the same sinks as the local engine.

The output is therefore the local engine's, row for row (tests/test_ray_engine.py). JSONL is read
as raw bytes and split into lines here, not by ray.data.read_json: that would fail the whole task on
the first line that is not JSON or not UTF-8, where zhnews gives that row an `error`. A CSV row with
more or fewer fields than its header fails the job on Ray (pyarrow's CSV reader rejects it); the
local engine gives it an `error`. `--resume` is local only: Ray retries failed tasks itself.
"""

import pickle
import time

from zhnews.batch import LabelCounts, LabelError, LabelJob, check_paths, write_labelled
from zhnews.labeller import Labeller, LabelSettings
from zhnews.table_io import SourceRow, csv_header, csv_row, parse_json_line, table_format
from zhnews.threads import use_threads

ROW_COLUMN = "row"  # one pickled SourceRow per row going in, one pickled output row coming out
# Reading and splitting rows reserve no CPU: model actors may take every CPU of the cluster, and a
# read task waiting for a free CPU would then wait forever.
LIGHT = {"num_cpus": 0}


def _jsonl_rows(file_row: dict) -> list[dict]:
    lines = file_row["bytes"].split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the newline that ends the last line does not start another row
    return [{ROW_COLUMN: pickle.dumps(parse_json_line(line))} for line in lines]


def _csv_rows(batch: dict) -> dict:
    names = list(batch)
    records = [{n: v.decode("utf-8", errors="surrogateescape") for n, v in zip(names, values)}
               for values in zip(*(batch[n] for n in names))]
    return {ROW_COLUMN: [pickle.dumps(csv_row(r)) for r in records]}


def _parquet_rows(table) -> dict:
    return {ROW_COLUMN: [pickle.dumps(SourceRow(record)) for record in table.to_pylist()]}


class RayLabeller:
    """A Ray Data actor: loads the models once, then labels batches of pickled SourceRows."""

    def __init__(self, settings: LabelSettings, threads: int):
        use_threads(threads)
        self.labeller = Labeller(settings)

    def __call__(self, batch: dict) -> dict:
        rows = [pickle.loads(b) for b in batch[ROW_COLUMN]]
        return {ROW_COLUMN: [pickle.dumps(row) for row in self.labeller.label(rows)]}


def source_dataset(path: str):
    """The input as a dataset of pickled SourceRows, in file order."""
    import pyarrow as pa
    import pyarrow.csv
    import ray

    fmt = table_format(path)
    if fmt == "jsonl":
        return ray.data.read_binary_files(path, **LIGHT).flat_map(_jsonl_rows, **LIGHT)
    if fmt == "parquet":
        return ray.data.read_parquet(path, **LIGHT).map_batches(_parquet_rows, batch_format="pyarrow", **LIGHT)
    as_bytes = pyarrow.csv.ConvertOptions(column_types={name: pa.binary() for name in csv_header(path)})
    return ray.data.read_csv(path, convert_options=as_bytes, **LIGHT).map_batches(_csv_rows, batch_format="numpy",
                                                                                  **LIGHT)


def run_ray_job(job: LabelJob, concurrency: int = 1, threads: int = 1) -> LabelCounts:
    """Label job.input on the Ray cluster this process is connected to (ray.init, RAY_ADDRESS)."""
    try:
        import ray
    except ImportError:
        raise LabelError("--engine ray needs Ray: pip install 'zhnews[ray]'") from None
    if job.resume:
        raise LabelError("--resume works with the local engine only; rerun with --overwrite on Ray")
    check_paths(job)
    started = time.perf_counter()
    if not ray.is_initialized():
        ray.init()  # a local instance, or the cluster named by RAY_ADDRESS
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    labelled = source_dataset(str(job.input)).map_batches(
        RayLabeller, fn_constructor_kwargs={"settings": job.settings, "threads": threads},
        batch_size=job.chunk_rows, concurrency=concurrency, num_cpus=threads, batch_format="numpy")
    chunks = ([pickle.loads(b) for b in batch[ROW_COLUMN]]
              for batch in labelled.iter_batches(batch_size=job.chunk_rows, batch_format="numpy"))
    return write_labelled(job, None, chunks, started)
