"""`zhnews analyze`: the table, --json, stdin, and one-line errors for bad files that stop nothing else."""

import io
import json
import sys

import pytest

from zhnews.cli import main
from zhnews.paths import EXAMPLE_PAGE, SHIPPED_TOPIC_MODEL

pytestmark = pytest.mark.skipif(not (SHIPPED_TOPIC_MODEL / "model.safetensors").exists(),
                                reason="the embedded models are not built")
ARTICLE = "宁波组建技术特攻队保电力供应\n\n开年后，一些企业面临变压器容量不足等问题。供电公司组建技术特攻队，深入企业保驾护航。"
JSON_FIELDS = {"title", "kicker", "subtitle", "byline", "text", "fragment", "topic", "topic_score", "scores", "summary"}


def test_no_arguments_prints_a_table_of_the_example_page_without_library_noise(capfd):
    assert main(["analyze"]) == 0
    out, err = capfd.readouterr()
    assert err == ""
    assert f"{EXAMPLE_PAGE}: 8 stories" in out
    assert "让体育发展成果更好惠及百姓" in out and "气象部门护航船舶修造" in out
    assert "\n4*  " in out and "(fragment: continued from another page)" in out


def test_json_stdin_and_bad_files(tmp_path, monkeypatch, capfd):
    (tmp_path / "empty.txt").write_text(" \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 na\xefve r\xe9sum\xe9".encode("latin-1"))
    (tmp_path / "gbk.txt").write_bytes(ARTICLE.encode("gbk"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    names = [str(tmp_path / n) for n in ("missing.txt", "empty.txt", "binary.txt", "latin1.txt", "gbk.txt")] + ["-"]

    assert main(["analyze", "--json", *names]) == 1  # some inputs failed, the others were analysed
    out, err = capfd.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["file"] for row in rows] == [names[4], "stdin"]
    assert all(JSON_FIELDS <= set(row) for row in rows)
    assert rows[0]["title"] == rows[1]["title"] == "宁波组建技术特攻队保电力供应"
    errors = err.splitlines()
    assert len(errors) == 5  # four bad files, one note
    assert errors[0].startswith(f"zhnews analyze: {names[0]}: no such file")
    assert errors[1] == f"zhnews analyze: {names[1]}: empty; put the article or page text in it"
    assert errors[2].startswith(f"zhnews analyze: {names[2]}: binary data, not text")
    assert errors[3].startswith(f"zhnews analyze: {names[3]}: not UTF-8 text (nor GB18030/GBK Chinese); convert it")
    assert errors[4] == f"zhnews analyze: {names[4]}: read as GB18030"


def test_only_bad_files_fail_before_loading_models(tmp_path, capfd):
    assert main(["analyze", str(tmp_path / "nope.txt")]) == 1
    out, err = capfd.readouterr()
    assert out == "" and err.count("\n") == 1 and "nope.txt: no such file" in err
