import json

from zhnews.cli import main


def test_topic_command_labels_files_and_jsonl(tiny_bert_dir, tmp_path, capsys):
    from zhnews import TopicClassifier
    from zhnews.topic.modeling import load_classifier
    from zhnews.tokenization import load_tokenizer

    model_dir = tmp_path / "model"
    model = load_classifier(tiny_bert_dir, num_labels=6)
    TopicClassifier(model, load_tokenizer(tiny_bert_dir), max_length=32).save_pretrained(model_dir)
    article = tmp_path / "article.txt"
    article.write_text("电力供应\n\n电网建设稳步推进。", encoding="utf-8")
    assert main(["topic", str(article), "--model", str(model_dir)]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["file"] == str(article) and set(row) >= {"label", "score", "probabilities"}

    (tmp_path / "in.jsonl").write_text('{"id": 1, "text": "电力"}\n{"id": 2, "text": ""}\n', encoding="utf-8")
    assert main(["topic", "--model", str(model_dir), "--input", str(tmp_path / "in.jsonl"),
                 "--output", str(tmp_path / "out.jsonl")]) == 0
    rows = [json.loads(l) for l in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert rows[0]["id"] == 1 and "topic" in rows[0] and rows[1]["error"] == "'text' is empty"


def test_the_cli_starts_without_loading_the_models_libraries():
    """`zhnews label --tasks topic` should not pay for the summariser's imports (datasets, jieba) at start-up."""
    import subprocess
    import sys

    code = ("import sys, zhnews.cli; from zhnews import TOPIC_LABELS; "
            "print(sorted(m for m in ('torch', 'datasets', 'jieba', 'zhnews.summary.summarizer') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_a_topic_classifier_with_an_ngram_part_does_not_import_scikit_learn():
    """The n-gram part is applied with numpy; scikit-learn (a second of start-up) is only for fitting."""
    import subprocess
    import sys

    code = "import sys, zhnews.topic.classifier; print('sklearn' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
