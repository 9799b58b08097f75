"""`zhnews publish`, offline: the dry-run folder, the upload calls intercepted at the HfApi boundary,
clear failures (bad folder, no token, no network), and a fake token that never leaks."""

import json
import logging
import os
import shutil
import subprocess
import sys

import pytest
from huggingface_hub import HfApi, ModelCard

from tiny_runs import run_tiny_summary, run_tiny_topic
from zhnews.cli import main
from zhnews.paths import REPO_ROOT

FAKE_TOKEN = "hf_FakeTokenForTests0123456789abcdefXYZ"
REPO = "acme/zhnews-topic-test"


@pytest.fixture(scope="module")
def topic_run(tiny_bert_dir, topic_files, tmp_path_factory):
    return run_tiny_topic(tmp_path_factory.mktemp("publish-topic"), tiny_bert_dir, topic_files)[0]


@pytest.fixture(scope="module")
def summary_run(tiny_vocab_file, tmp_path_factory):
    return run_tiny_summary(tmp_path_factory.mktemp("publish-summary"), tiny_vocab_file)[0]


@pytest.fixture
def hub_calls(monkeypatch):
    """Record what would reach the Hub; the folder's files are read at upload time."""
    calls = []

    def record(name):
        def call(self, *args, **kwargs):
            entry = {"name": name, "token": self.token, "args": args, "kwargs": kwargs}
            if name == "upload_folder":
                folder = kwargs["folder_path"]
                entry["files"] = {f: open(os.path.join(folder, f), "rb").read() for f in sorted(os.listdir(folder))}
            calls.append(entry)
            return f"https://huggingface.co/{REPO}/commit/abc" if name == "upload_folder" else None
        return call

    for name in ("create_repo", "create_branch", "upload_folder"):
        monkeypatch.setattr(HfApi, name, record(name))
    return calls


def assert_no_token(*texts: str | bytes) -> None:
    for text in texts:
        assert FAKE_TOKEN not in (text.decode("utf-8", "replace") if isinstance(text, bytes) else text)


def test_dry_run_writes_the_folder_that_would_be_uploaded_and_uploads_nothing(topic_run, tmp_path, hub_calls,
                                                                             monkeypatch, capsys):
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    out = tmp_path / "dry"
    assert main(["publish", str(topic_run), "--repo-id", REPO, "--dry-run", str(out)]) == 0
    assert hub_calls == []
    files = sorted(p.name for p in out.iterdir())
    assert files == ["README.md", "config.json", "metrics.json", "model.safetensors", "run_config.yaml",
                     "run_info.json", "tokenizer.json", "tokenizer_config.json"]
    assert (out / "model.safetensors").read_bytes() == (topic_run / "model.safetensors").read_bytes()
    assert json.loads((out / "metrics.json").read_text()) == json.loads((topic_run / "metrics.json").read_text())
    card = ModelCard.load(out / "README.md")
    assert card.data.to_dict()["model-index"][0]["name"] == "zhnews-topic-test"
    assert f'model_id = "{REPO}"' in card.text and f'TopicClassifier.from_pretrained("{REPO}")' in card.text
    assert_no_token(capsys.readouterr().out, *(p.read_bytes() for p in out.iterdir()))


def test_upload_creates_the_repo_then_uploads_the_same_folder(topic_run, tmp_path, hub_calls, monkeypatch,
                                                              capsys, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    assert main(["publish", str(topic_run), "--repo-id", REPO, "--private", "--revision", "v1",
                 "--commit-message", "zhnews-topic, first upload"]) == 0
    assert [c["name"] for c in hub_calls] == ["create_repo", "create_branch", "upload_folder"]
    assert all(c["token"] == FAKE_TOKEN for c in hub_calls)  # handed to HfApi, nowhere else
    create, branch, upload = hub_calls
    assert create["args"] == (REPO,) and create["kwargs"] == {"private": True, "exist_ok": True, "repo_type": "model"}
    assert branch["kwargs"] == {"branch": "v1", "exist_ok": True, "repo_type": "model"}
    assert upload["kwargs"]["repo_id"] == REPO and upload["kwargs"]["revision"] == "v1"
    assert upload["kwargs"]["commit_message"] == "zhnews-topic, first upload"
    main(["publish", str(topic_run), "--repo-id", REPO, "--dry-run", str(tmp_path / "dry")])
    assert set(upload["files"]) == {p.name for p in (tmp_path / "dry").iterdir()}
    assert upload["files"]["README.md"] == (tmp_path / "dry" / "README.md").read_bytes()
    output = capsys.readouterr()
    assert f"published {REPO}" in output.out
    assert_no_token(output.out, output.err, caplog.text, *upload["files"].values())


def test_a_failed_upload_is_one_clear_line_without_the_token(topic_run, monkeypatch, capsys):
    def refuse(self, *args, **kwargs):
        raise RuntimeError(f"401 Unauthorized: token {FAKE_TOKEN} is invalid\nmore detail")

    monkeypatch.setattr(HfApi, "create_repo", refuse)
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    assert main(["publish", str(topic_run), "--repo-id", REPO]) == 1
    output = capsys.readouterr()
    assert output.err.count("\n") == 1 and "upload to acme/zhnews-topic-test failed: RuntimeError: 401" in output.err
    assert_no_token(output.out, output.err)


def run_cli(args: list[str], env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "HF_TOKEN"}
    return subprocess.run([sys.executable, "-m", "zhnews.cli", *args], capture_output=True, text=True, timeout=300,
                          env={**base, "PYTHONPATH": str(REPO_ROOT), **env})


def test_no_token_fails_clearly(topic_run, tmp_path):
    result = run_cli(["publish", str(topic_run), "--repo-id", REPO], {"HF_HOME": str(tmp_path / "empty-home")})
    assert result.returncode == 1
    assert "no Hugging Face token: set HF_TOKEN" in result.stderr


def test_no_network_fails_clearly_without_the_token(topic_run, tmp_path):
    """A real HfApi against an endpoint where nothing listens."""
    env = {"HF_HOME": str(tmp_path / "home"), "HF_TOKEN": FAKE_TOKEN, "HF_ENDPOINT": "http://127.0.0.1:9"}
    result = run_cli(["publish", str(topic_run), "--repo-id", REPO], env)
    assert result.returncode == 1
    assert result.stderr.startswith(f"zhnews publish: upload to {REPO} failed:") and result.stderr.count("\n") == 1
    assert_no_token(result.stdout, result.stderr)


def test_a_bad_folder_is_refused_with_everything_that_is_wrong(topic_run, tmp_path, capsys):
    bad = tmp_path / "bad"
    shutil.copytree(topic_run, bad, ignore=shutil.ignore_patterns("checkpoints"))
    (bad / "pytorch_model.bin").write_bytes(b"pickle")
    (bad / "tokenizer.json").unlink()
    (bad / "run_config.yaml").unlink()
    config = json.loads((bad / "config.json").read_text())
    (bad / "config.json").write_text(json.dumps({**config, "auto_map": {"AutoModel": "modeling_x.X"}}))
    assert main(["publish", str(bad), "--repo-id", REPO, "--dry-run", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    for reason in ("pickle weights (pytorch_model.bin)", "tokenizer (tokenizer.json or vocab.txt) is missing",
                   "run_config.yaml is missing", "asks for remote code"):
        assert reason in error
    assert not (tmp_path / "out").exists()


def test_truncated_weights_and_missing_decoding_settings_are_named(summary_run, tmp_path, capsys):
    bad = tmp_path / "bad"
    shutil.copytree(summary_run, bad, ignore=shutil.ignore_patterns("checkpoints"))
    with open(bad / "model.safetensors", "r+b") as f:
        f.truncate(f.seek(0, 2) // 2)
    (bad / "generation_config.json").unlink()
    assert main(["publish", str(bad), "--repo-id", REPO, "--dry-run", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert f"{bad / 'model.safetensors'} is truncated or corrupted" in error
    assert "generation_config.json is missing" in error


def test_bad_repo_ids_and_a_used_dry_run_folder_are_refused(topic_run, tmp_path, capsys):
    assert main(["publish", str(topic_run), "--repo-id", "no-org"]) == 1
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "keep.txt").write_text("mine")
    assert main(["publish", str(topic_run), "--repo-id", REPO, "--dry-run", str(tmp_path / "used")]) == 1
    error = capsys.readouterr().err
    assert "ORG/NAME" in error and "not empty" in error
    assert (tmp_path / "used" / "keep.txt").read_text() == "mine"


def test_the_summariser_is_published_with_its_fluency_estimate(tmp_path, monkeypatch):
    from zhnews import Summarizer
    from zhnews.paths import SHIPPED_SUMMARY_MODEL

    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    out = tmp_path / "dry"
    assert main(["publish", str(SHIPPED_SUMMARY_MODEL), "--repo-id", REPO, "--dry-run", str(out)]) == 0
    published = Summarizer.from_pretrained(out)
    assert published.fluency_scorer == Summarizer.from_pretrained().fluency_scorer is not None
    without = tmp_path / "without"
    shutil.copytree(out, without)
    (without / "fluency_scorer.json").unlink()  # the floors in config.json would fail on the Hub: refused here
    assert main(["publish", str(without), "--repo-id", REPO, "--dry-run", str(tmp_path / "out2")]) == 1


def test_a_topic_model_with_an_ngram_part_is_published_with_it(tmp_path, monkeypatch):
    from zhnews import TopicClassifier
    from zhnews.paths import SHIPPED_TOPIC_MODEL

    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    out = tmp_path / "dry"
    assert main(["publish", str(SHIPPED_TOPIC_MODEL), "--repo-id", REPO, "--dry-run", str(out)]) == 0
    assert (out / "ngram.safetensors").read_bytes() == (SHIPPED_TOPIC_MODEL / "ngram.safetensors").read_bytes()
    published, shipped = TopicClassifier.from_pretrained(out), TopicClassifier.from_pretrained()
    assert published.ngram is not None and published.bert_weight == shipped.bert_weight < 1
