"""`--engine ray` on a local Ray instance: the same rows as the local engine, errors included.
Skips when Ray is not installed (pip install -e ".[ray]")."""

import csv
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from table_fixtures import news_rows, write_archive
from zhnews.batch import LabelJob, run_label_job
from zhnews.labeller import LabelSettings

ray = pytest.importorskip("ray")
from zhnews.ray_engine import run_ray_job  # noqa: E402  (needs ray)

BOTH = LabelSettings(tasks=("topic", "summary"), title_field="title", batch_size=8)


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    # On a loaded machine the raylet can take longer than Ray's default 60 s to come up.
    os.environ.setdefault("RAY_raylet_start_wait_time_s", "300")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_gives_the_local_output_row_for_row_bad_rows_included(tmp_path):
    write_archive(tmp_path / "in.jsonl", n_good=12)
    local = run_label_job(LabelJob(tmp_path / "in.jsonl", tmp_path / "local.jsonl", BOTH, chunk_rows=8))
    on_ray = run_ray_job(LabelJob(tmp_path / "in.jsonl", tmp_path / "ray.jsonl", BOTH, chunk_rows=8), concurrency=2)
    assert (on_ray.rows, on_ray.errors) == (local.rows, local.errors) == (19, 7)
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_ray_reads_and_writes_csv_and_parquet_like_the_local_engine(tmp_path, suffix):
    rows = news_rows(5) + [{"id": "empty", "title": "标题", "text": ""}]
    if suffix == ".csv":
        with open(tmp_path / "in.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    settings = LabelSettings(tasks=("topic",), title_field="title")
    run_label_job(LabelJob(tmp_path / f"in{suffix}", tmp_path / f"local{suffix}", settings))
    counts = run_ray_job(LabelJob(tmp_path / f"in{suffix}", tmp_path / f"ray{suffix}", settings))
    assert (counts.rows, counts.errors) == (6, 1)
    assert (tmp_path / f"ray{suffix}").read_bytes() == (tmp_path / f"local{suffix}").read_bytes()
