"""Model cards are rendered from a run's files, carry a valid model-index, cite the run record, and
their snippets run as written; every run records how to repeat it."""

import hashlib
import json

import pytest
from huggingface_hub import ModelCard
from huggingface_hub.repocard_data import eval_results_to_model_index, model_index_to_eval_results

from plain_python import python_blocks, run_python, uses_zhnews
from tiny_runs import run_tiny_summary, run_tiny_topic
from zhnews.model_card import render_model_card
from zhnews.paths import REPO_ROOT
from zhnews.run_record import PACKAGES


@pytest.fixture(scope="module")
def topic_run(tiny_bert_dir, topic_files, tmp_path_factory):
    return run_tiny_topic(tmp_path_factory.mktemp("card-topic"), tiny_bert_dir, topic_files)


@pytest.fixture(scope="module")
def summary_run(tiny_vocab_file, tmp_path_factory):
    return run_tiny_summary(tmp_path_factory.mktemp("card-summary"), tiny_vocab_file)


def test_a_run_records_seed_versions_commit_data_fingerprints_and_hardware(topic_run, topic_files):
    output_dir, _ = topic_run
    info = json.loads((output_dir / "run_info.json").read_text())
    assert info["seed"] == 42 and info["world_size"] == 1 and info["config_file"] == "run_config.yaml"
    assert (output_dir / "run_config.yaml").exists()
    assert {"python", *PACKAGES} <= set(info["packages"]) and info["packages"]["torch"]
    assert len(info["zhnews_git"]["commit"]) == 40 and isinstance(info["zhnews_git"]["dirty"], bool)
    fingerprints = {f["path"]: f["sha256"] for f in info["data_files"]}
    for path in topic_files:
        assert fingerprints[str(path)] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info["hardware"]["cpu"] and info["hardware"]["torch_threads"] >= 1


@pytest.mark.parametrize("run", ["topic_run", "summary_run"])
def test_card_metadata_round_trips_through_huggingface_hub(run, request):
    output_dir, metrics = request.getfixturevalue(run)
    card = ModelCard.load(output_dir / "README.md")
    assert card.data.language == "zh" and card.data.license == "other"
    model_index = card.data.to_dict()["model-index"]
    name, results = model_index_to_eval_results(model_index)  # raises on a malformed model-index
    assert eval_results_to_model_index(name, results) == model_index
    by_split = {}
    for result in results:
        by_split.setdefault(result.dataset_split, {})[result.metric_name] = result.metric_value
    if run == "topic_run":
        assert card.data.pipeline_tag == "text-classification"
        dev = metrics["bert"]["dev"]
        assert by_split["dev"]["macro-F1"] == round(dev["macro_f1"], 4)
        assert by_split["dev"]["accuracy"] == round(dev["accuracy"], 4)
        assert by_split["dev"]["F1 energy"] == round(dev["per_class"]["energy"]["f1"], 4)
    else:
        assert set(by_split) == set(metrics["splits"])
        model = metrics["splits"]["dev"]["model"]
        for key, name in (("rougeL", "ROUGE-L (character F1)"), ("mean_length", "mean length (characters)"),
                          ("novel_bigram_rate", "novel-bigram rate")):
            assert by_split["dev"][name] == round(model[key], 4)


def test_new_splits_and_metrics_reach_the_card_without_code_changes(summary_run, tmp_path):
    import shutil

    output_dir, metrics = summary_run
    shutil.copytree(output_dir, tmp_path / "model", ignore=shutil.ignore_patterns("checkpoints"))
    metrics["splits"]["newspaper_dev"] = {**metrics["splits"]["dev"]}
    metrics["splits"]["newspaper_dev"]["model"] = {**metrics["splits"]["dev"]["model"], "bertscore_f1": 0.5}
    (tmp_path / "model" / "metrics.json").write_text(json.dumps(metrics))
    card = ModelCard(render_model_card(tmp_path / "model"))
    results = model_index_to_eval_results(card.data.to_dict()["model-index"])[1]
    assert {(r.dataset_split, r.metric_type) for r in results} >= {("newspaper_dev", "bertscore_f1"),
                                                                    ("newspaper_dev", "rougeL")}
    assert "| newspaper_dev (n=" in str(card)


@pytest.mark.parametrize("run", ["topic_run", "summary_run"])
def test_card_cites_the_run_record(run, request):
    output_dir, _ = request.getfixturevalue(run)
    card = (output_dir / "README.md").read_text()
    info = json.loads((output_dir / "run_info.json").read_text())
    assert info["zhnews_git"]["commit"][:12] in card and "seed 42" in card
    assert f"transformers {info['packages']['transformers']}" in card
    assert all(f["sha256"][:16] in card for f in info["data_files"])


@pytest.mark.parametrize("run", ["topic_run", "summary_run"])
def test_every_card_snippet_runs_as_written(run, request):
    """The transformers-only snippets run where zhnews cannot be imported; the zhnews ones with it."""
    output_dir, _ = request.getfixturevalue(run)
    blocks = python_blocks(render_model_card(output_dir, model_id=str(output_dir)))
    assert sum(not uses_zhnews(b) for b in blocks) >= 1 and sum(uses_zhnews(b) for b in blocks) >= 1
    for block in blocks:
        output = run_python(block, without_zhnews=not uses_zhnews(block))
        if run == "summary_run" and not uses_zhnews(block):
            assert "  " not in output and not any(" " in line for line in output.splitlines())


@pytest.mark.parametrize("name", ["zhnews-topic", "zhnews-summary", "zhnews-bert-4x256"])
def test_shipped_cards_are_the_rendered_ones(name):
    folder = REPO_ROOT / "models" / name
    if not (folder / "metrics.json").exists():
        pytest.skip(f"models/{name} is not built")
    assert (folder / "README.md").read_text(encoding="utf-8") == render_model_card(folder, f"models/{name}")
    ModelCard.load(folder / "README.md")


@pytest.mark.parametrize("name, hub_id", [("bert-base-chinese", "bert-base-chinese"),
                                           ("fnlp/bart-base-chinese", "fnlp/bart-base-chinese"),
                                           ("runs/topic-distilled-chunks", None),  # this repo's run folder,
                                           ("models/zhnews-topic", None),          # present or not
                                           ("runs/summary/checkpoint-100", None)])
def test_only_hub_ids_become_the_cards_base_model(name, hub_id):
    from zhnews.model_card import _hub_id_or_none
    assert _hub_id_or_none(name) == hub_id
