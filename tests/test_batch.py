"""The local labelling engine: one output row per input row, in order, committed chunk by chunk,
and resumed only by the job that wrote it. Runs the shipped models on small tables."""

import csv
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from table_fixtures import BAD_REASONS, news_rows, read_jsonl, write_archive
from zhnews.batch import AlreadyComplete, LabelError, LabelJob, chunks, run_label_job
from zhnews.topic.classifier import TopicClassifier
from zhnews.labeller import Labeller, LabelSettings
from zhnews.table_io import SourceRow

BOTH = LabelSettings(tasks=("topic", "summary"), title_field="title", batch_size=8)
TOPIC = LabelSettings(tasks=("topic",), title_field="title", batch_size=8)


@pytest.fixture(scope="module")
def both_labeller():
    return Labeller(BOTH)


@pytest.fixture(scope="module")
def topic_labeller():
    return Labeller(TOPIC)


class CrashOnCall(Labeller):
    """The topic labeller, but the power goes out during its n-th chunk."""

    def __init__(self, labeller: Labeller, crash_on: int):
        self.__dict__.update(labeller.__dict__)
        self.calls, self.crash_on = 0, crash_on

    def label(self, rows):
        self.calls += 1
        if self.calls == self.crash_on:
            raise RuntimeError("power cut")
        return super().label(rows)


def test_every_row_gives_one_output_row_in_order_with_errors_on_exactly_the_bad_rows(tmp_path, both_labeller):
    bad_rows = write_archive(tmp_path / "in.jsonl", n_good=14)
    counts = run_label_job(LabelJob(tmp_path / "in.jsonl", tmp_path / "out.jsonl", BOTH, chunk_rows=5),
                           both_labeller)
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert (counts.rows, counts.errors) == (21, 7) and len(rows) == 21
    assert [i for i, row in enumerate(rows) if "error" in row] == bad_rows
    for row, reason in zip([rows[i] for i in bad_rows], BAD_REASONS):
        assert reason in row["error"] and "topic" not in row and "summary" not in row
    good = [row for row in rows if "error" not in row]
    assert [row["id"] for row in good] == [f"story-{i}" for i in range(14)]
    assert good[4]["topic"] == "energy" and 0 < good[4]["topic_score"] <= 1
    assert all(row["title"] and row["text"] and row["summary"] for row in good)  # input columns carried through
    assert rows[bad_rows[3]] == {"id": "no-text", "title": "only a title", "error": "no 'text' field"}


def test_csv_in_csv_out_keeps_columns_and_bytes(tmp_path, topic_labeller):
    rows = news_rows(3)
    with open(tmp_path / "in.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "source", "title", "text"])
        writer.writeheader()
        writer.writerows([{**row, "source": "cctv, 新闻联播", "text": row["text"] + "\n第二段。"} for row in rows])
        f.write('empty,x,标题,""\nextra,x,标题,正文,surplus\n')
    with open(tmp_path / "in.csv", "ab") as f:
        f.write(b"latin,x,\xe9t\xe9,caf\xe9\n")
    run_label_job(LabelJob(tmp_path / "in.csv", tmp_path / "out.csv", TOPIC), topic_labeller)
    with open(tmp_path / "out.csv", encoding="utf-8", errors="surrogateescape", newline="") as f:
        out = list(csv.DictReader(f))
    assert list(out[0]) == ["id", "source", "title", "text", "topic", "topic_score", "error"]
    assert [r["id"] for r in out[:4]] == ["story-0", "story-1", "story-2", "empty"]
    assert out[0]["source"] == "cctv, 新闻联播" and out[0]["text"].endswith("\n第二段。") and out[0]["topic"]
    assert "is empty" in out[3]["error"]
    assert "more fields than the header" in out[4]["error"] and out[4]["id"] == ""
    assert "not UTF-8" in out[5]["error"]
    assert b"\xe9t\xe9" not in (tmp_path / "out.csv").read_bytes()  # an unreadable row keeps no columns


def test_parquet_in_parquet_out_keeps_the_schema(tmp_path, topic_labeller):
    table = pa.table({"id": [1, 2, 3], "text": [news_rows(1)[0]["text"], None, "电网"], "day": ["a", "b", "c"]})
    pq.write_table(table, tmp_path / "in.parquet")
    counts = run_label_job(LabelJob(tmp_path / "in.parquet", tmp_path / "out.parquet", TOPIC, chunk_rows=2),
                           topic_labeller)
    assert counts.first_errors == ["row 2 id=2: no 'text' field"]
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.column_names == ["id", "text", "day", "topic", "topic_score", "error"]
    assert out.schema.field("id").type == pa.int64()
    rows = out.to_pylist()
    expected = TopicClassifier.from_pretrained().predict([news_rows(1)[0]["text"]])[0].label
    assert rows[0]["topic"] == expected and rows[0]["error"] is None  # the classifier's own answer, row for row
    assert rows[1]["topic"] is None and rows[1]["error"] == "no 'text' field"
    assert rows[2]["day"] == "c" and rows[2]["topic"]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_a_crashed_job_resumes_to_exactly_the_uninterrupted_output(tmp_path, topic_labeller, suffix):
    source = tmp_path / f"in{suffix}"
    rows = news_rows(11)
    if suffix == ".jsonl":
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    elif suffix == ".csv":
        with open(source, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), source)
    run_label_job(LabelJob(source, tmp_path / f"whole{suffix}", TOPIC, chunk_rows=3), topic_labeller)

    job = LabelJob(source, tmp_path / f"out{suffix}", TOPIC, chunk_rows=3)
    with pytest.raises(RuntimeError, match="power cut"):
        run_label_job(job, CrashOnCall(topic_labeller, crash_on=3))
    assert not job.output.exists() and json.loads((job.partial / "manifest.json").read_text())["rows"] == 6
    if suffix == ".parquet":
        (job.partial / "part-000002.parquet").write_bytes(b"half a part")  # written, never committed
    else:
        with open(job.partial / "data", "ab") as f:
            f.write(b'{"id": "story-6", "to')  # a row torn by the crash
    job.resume = True
    counts = run_label_job(job, topic_labeller)
    assert (counts.rows, counts.resumed_from, counts.errors) == (11, 6, 0)
    if suffix == ".parquet":
        assert pq.read_table(job.output).equals(pq.read_table(tmp_path / "whole.parquet"))
    else:
        assert job.output.read_bytes() == (tmp_path / f"whole{suffix}").read_bytes()
    assert not job.partial.exists()


def interrupted_job(tmp_path, labeller, n_rows: int = 30) -> LabelJob:
    write_archive(tmp_path / "big.jsonl", n_good=n_rows)
    job = LabelJob(tmp_path / "big.jsonl", tmp_path / "labels.jsonl", TOPIC, chunk_rows=4)
    with pytest.raises(RuntimeError):
        run_label_job(job, CrashOnCall(labeller, crash_on=4))
    return job


def test_resume_refuses_a_partial_output_of_another_input(tmp_path, topic_labeller):
    job = interrupted_job(tmp_path, topic_labeller)
    write_archive(tmp_path / "small.jsonl", n_good=3)
    other = LabelJob(tmp_path / "small.jsonl", job.output, TOPIC, resume=True)
    with pytest.raises(LabelError, match="belongs to another job.*input"):
        run_label_job(other, topic_labeller)
    settings = LabelSettings(tasks=("topic",), title_field=None)
    with pytest.raises(LabelError, match="title_field: 'title' -> None"):
        run_label_job(LabelJob(job.input, job.output, settings, resume=True), topic_labeller)
    assert not job.output.exists() and (job.partial / "manifest.json").exists()


def test_a_partial_output_is_never_silently_restarted(tmp_path, topic_labeller):
    job = interrupted_job(tmp_path, topic_labeller)
    with pytest.raises(LabelError, match="interrupted job .12 rows.*--resume.*--overwrite"):
        run_label_job(LabelJob(job.input, job.output, TOPIC), topic_labeller)
    job.resume = True
    assert run_label_job(job, topic_labeller).rows == 37
    with pytest.raises(AlreadyComplete, match="already complete"):
        run_label_job(job, topic_labeller)


def test_closing_counts_cover_the_whole_file_after_a_resume(tmp_path, topic_labeller):
    job = interrupted_job(tmp_path, topic_labeller)  # the bad rows before the crash are counted then
    job.resume = True
    counts = run_label_job(job, topic_labeller)
    assert (counts.rows, counts.errors, counts.resumed_from) == (37, 7, 12)
    assert "37 rows, 12 from the earlier run, 7 errors (first: row 3: line is not JSON" in counts.line()
    assert len(counts.first_errors) == 3


def test_an_existing_output_is_kept_without_overwrite(tmp_path, topic_labeller):
    write_archive(tmp_path / "in.jsonl", n_good=2)
    (tmp_path / "out.jsonl").write_text("precious\n")
    with pytest.raises(LabelError, match="--overwrite"):
        run_label_job(LabelJob(tmp_path / "in.jsonl", tmp_path / "out.jsonl", TOPIC), topic_labeller)
    assert (tmp_path / "out.jsonl").read_text() == "precious\n"
    run_label_job(LabelJob(tmp_path / "in.jsonl", tmp_path / "out.jsonl", TOPIC, overwrite=True), topic_labeller)
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 9


def test_chunks_are_bounded_in_rows_and_in_bytes():
    rows = [SourceRow({}, size=size) for size in (10, 10, 10, 500, 10, 10)]
    assert [len(c) for c in chunks(rows, max_rows=2, max_bytes=1000)] == [2, 2, 2]
    assert [len(c) for c in chunks(rows, max_rows=100, max_bytes=25)] == [3, 1, 2]


def test_a_job_killed_before_its_first_commit_simply_starts_again(tmp_path, topic_labeller):
    write_archive(tmp_path / "in.jsonl", n_good=2)
    (tmp_path / "out.jsonl.partial").mkdir()  # what a job leaves when killed while loading its models
    counts = run_label_job(LabelJob(tmp_path / "in.jsonl", tmp_path / "out.jsonl", TOPIC), topic_labeller)
    assert counts.rows == 9 and not (tmp_path / "out.jsonl.partial").exists()


def test_bf16_is_the_default_only_where_the_cpu_computes_it_and_never_with_int8():
    from zhnews.hardware import bf16_is_fast

    assert LabelSettings().bf16 is bf16_is_fast()
    assert LabelSettings(int8=True).bf16 is False
    assert LabelSettings(bf16=True).fingerprint()["bf16"] is True  # a resume must use the same precision
    with pytest.raises(ValueError, match="bf16 and int8 exclude each other"):
        LabelSettings(int8=True, bf16=True)


def test_int8_by_default_for_the_summary_model_only():
    assert LabelSettings(tasks=("topic", "summary")).int8_tasks == ("summary",)
    assert LabelSettings(tasks=("topic",)).int8_tasks == ()
    assert LabelSettings(tasks=("topic", "summary"), int8=True).int8_tasks == ("topic", "summary")
    assert LabelSettings(tasks=("summary",), int8=False).int8_tasks == ()
    assert LabelSettings(tasks=("topic", "summary"), bf16=True).bf16 is True  # int8 summaries, bf16 topics
    assert LabelSettings(tasks=("summary",)).fingerprint()["int8"] == ["summary"]
    with pytest.raises(ValueError, match="int8 must be auto, true or false"):
        LabelSettings(int8="yes")


def test_bf16_labels_the_news_rows_like_fp32():
    rows = [SourceRow(row) for row in news_rows(6)]
    fp32 = Labeller(LabelSettings(tasks=("topic",), title_field="title", bf16=False)).label(rows)
    bf16 = Labeller(LabelSettings(tasks=("topic",), title_field="title", bf16=True)).label(rows)
    assert [row["topic"] for row in bf16] == [row["topic"] for row in fp32]
    assert all(abs(a["topic_score"] - b["topic_score"]) < 0.05 for a, b in zip(bf16, fp32))
