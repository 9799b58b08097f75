"""`zhnews label` as a user runs it: a real process, killed with SIGKILL or Ctrl-C and resumed,
one-line errors, and `zhnews topic --input` as an alias of the same code path."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from table_fixtures import read_jsonl, write_archive
from zhnews.cli import main
from zhnews.paths import REPO_ROOT

LABEL = [sys.executable, "-m", "zhnews.cli", "label"]


def _default_ctrl_c() -> None:
    # A test run started in the background (`pytest &`) ignores SIGINT, and its children inherit that: Python
    # then never raises KeyboardInterrupt, and the Ctrl-C test would see the job run to its end.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def zhnews_label(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen([*LABEL, *map(str, args)], env=env, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_default_ctrl_c, **kwargs)


def committed_rows(partial) -> int:
    try:
        return json.loads((partial / "manifest.json").read_text())["rows"]
    except (FileNotFoundError, json.JSONDecodeError):
        return 0


def stop_after_some_chunks(process: subprocess.Popen, partial, sig: int, rows: int = 12) -> None:
    deadline = time.monotonic() + 120
    while committed_rows(partial) < rows:
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "no chunk committed in time"
        time.sleep(0.02)
    process.send_signal(sig)
    process.wait(timeout=60)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    write_archive(folder / "in.jsonl", n_good=80, bad_every=10)
    return folder / "in.jsonl"


@pytest.fixture(scope="module")
def uninterrupted(archive):
    output = archive.with_name("whole.jsonl")
    process = zhnews_label(archive, "-o", output, "--title-field", "title", "--chunk-rows", "4")
    assert process.wait(timeout=300) == 0, process.stderr.read()
    return output


def test_a_job_killed_with_sigkill_resumes_to_the_uninterrupted_output(archive, uninterrupted, tmp_path):
    output = tmp_path / "labels.jsonl"
    args = (archive, "-o", output, "--title-field", "title", "--chunk-rows", "4")
    killed = zhnews_label(*args)
    stop_after_some_chunks(killed, tmp_path / "labels.jsonl.partial", signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL and not output.exists()
    resumed = zhnews_label(*args, "--resume")
    assert resumed.wait(timeout=300) == 0
    assert output.read_bytes() == uninterrupted.read_bytes()
    closing = resumed.stderr.read().strip().splitlines()[-1]
    assert closing.startswith(f"zhnews: {output}: 87 rows, ") and " 7 errors " in closing


def test_ctrl_c_says_how_to_resume(tmp_path):
    output = tmp_path / "labels.jsonl"
    # A longer archive in one-row chunks: the job must still be running when the signal lands, however fast
    # labelling is (80 rows could finish between two polls). The reference uses one-row chunks too: under bf16
    # a score's last digits depend on the batch it ran in.
    write_archive(tmp_path / "long.jsonl", n_good=800, bad_every=100)
    args = ["label", str(tmp_path / "long.jsonl"), "--title-field", "title", "--chunk-rows", "1"]
    assert main([*args, "-o", str(tmp_path / "reference.jsonl")]) == 0
    interrupted = zhnews_label(*args[1:], "-o", output)
    stop_after_some_chunks(interrupted, tmp_path / "labels.jsonl.partial", signal.SIGINT, rows=2)
    message = interrupted.stderr.read().strip()
    assert interrupted.returncode == 130 and "Traceback" not in message
    assert "rows are saved in" in message and "--resume" in message
    assert main([*args, "-o", str(output), "--resume"]) == 0
    assert output.read_bytes() == (tmp_path / "reference.jsonl").read_bytes()


def test_topic_input_output_is_an_alias_of_label(archive, uninterrupted, tmp_path, capsys):
    assert main(["topic", "--input", str(archive), "--output", str(tmp_path / "alias.jsonl"), "--title-field",
                 "title", "--chunk-rows", "4"]) == 0
    assert (tmp_path / "alias.jsonl").read_bytes() == uninterrupted.read_bytes()
    assert capsys.readouterr().err.count("\n") == 1  # stderr is not a terminal: no progress bar, one line


def test_user_errors_are_one_line(archive, tmp_path, capsys):
    assert main(["label", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out.jsonl")]) == 2
    assert capsys.readouterr().err == f"zhnews: error: input {tmp_path / 'missing.jsonl'} does not exist\n"
    (tmp_path / "out.jsonl").write_text("done\n")
    assert main(["label", str(archive), "-o", str(tmp_path / "out.jsonl")]) == 2
    assert "exists; pass --overwrite to replace it" in capsys.readouterr().err
    assert main(["label", str(archive), "-o", str(tmp_path / "out.jsonl"), "--resume"]) == 0
    assert "already complete" in capsys.readouterr().err
    assert main(["label", str(archive), "-o", str(tmp_path / "out.csv")]) == 2
    assert "must have the input's format (jsonl)" in capsys.readouterr().err
    assert main(["label", str(archive), "-o", str(tmp_path / "x.jsonl"), "--tasks", "topic,sentiment"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_help_shows_every_default_and_the_unit_of_max_length(capsys):
    with pytest.raises(SystemExit):
        main(["label", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "(default: topic)" in text and "(default: 32)" in text and "(default: 1)" in text
    assert "most new tokens per summary (one token ≈ one Chinese character)" in text
    assert text.count("(default:") >= 15


def test_summaries_and_topics_in_one_pass(tmp_path):
    write_archive(tmp_path / "in.jsonl", n_good=3)
    assert main(["label", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--tasks",
                 "topic,summary", "--max-length", "12"]) == 0
    good = [row for row in read_jsonl(tmp_path / "out.jsonl") if "error" not in row]
    assert len(good) == 3 and all(row["topic"] and 0 < len(row["summary"]) <= 12 for row in good)
