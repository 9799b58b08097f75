"""The JSONL batch runner: no row is ever dropped, and a crash leaves written rows intact."""

import json

import pytest

from zhnews.batch import process_jsonl


def label_by_length(texts):
    return [{"label": "long" if len(t) > 3 else "short"} for t in texts]


def read_rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_input_line_gets_an_output_row_in_order(tmp_path):
    write_lines(tmp_path / "in.jsonl", ['{"id": "a", "text": "电力供应稳定"}', "not json", '{"id": "c", "text": ""}',
                                        '{"id": "d"}', '{"id": "e", "text": "好"}'])
    counts = process_jsonl(tmp_path / "in.jsonl", tmp_path / "out.jsonl", label_by_length, chunk_size=2)
    rows = read_rows(tmp_path / "out.jsonl")
    assert counts == {"rows": 5, "errors": 3, "resumed_from": 0}
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0] == {"line": 1, "id": "a", "label": "long"}
    assert "invalid JSON" in rows[1]["error"]
    assert rows[2]["id"] == "c" and "empty" in rows[2]["error"]
    assert rows[4] == {"line": 5, "id": "e", "label": "short"}


def test_a_crash_keeps_finished_chunks_and_resume_completes_the_file(tmp_path):
    write_lines(tmp_path / "in.jsonl", [json.dumps({"id": i, "text": "文本" * (i + 1)}) for i in range(10)])
    calls = []

    def crash_on_third_chunk(texts):
        calls.append(texts)
        if len(calls) == 3:
            raise RuntimeError("power cut")
        return label_by_length(texts)

    with pytest.raises(RuntimeError):
        process_jsonl(tmp_path / "in.jsonl", tmp_path / "out.jsonl", crash_on_third_chunk, chunk_size=3)
    assert not (tmp_path / "out.jsonl").exists()
    assert len(read_rows(tmp_path / "out.jsonl.partial")) == 6
    with open(tmp_path / "out.jsonl.partial", "a") as f:
        f.write('{"line": 7, "torn')  # a half-written line from the crash
    counts = process_jsonl(tmp_path / "in.jsonl", tmp_path / "out.jsonl", label_by_length, chunk_size=3, resume=True)
    assert counts["resumed_from"] == 6 and counts["rows"] == 10
    assert [r["id"] for r in read_rows(tmp_path / "out.jsonl")] == list(range(10))


def test_existing_output_is_not_overwritten_by_accident(tmp_path):
    write_lines(tmp_path / "in.jsonl", ['{"text": "电力"}'])
    (tmp_path / "out.jsonl").write_text("precious\n")
    with pytest.raises(FileExistsError):
        process_jsonl(tmp_path / "in.jsonl", tmp_path / "out.jsonl", label_by_length)
    assert (tmp_path / "out.jsonl").read_text() == "precious\n"
