"""The shipped topic model against the TF-IDF + LinearSVC peer, in one process on the same splits,
and inference speed on CPU.

    python bench/bench_topic.py [--model models/zhnews-topic] [--repeats 3] [--speed-docs 512]
                                [--long-document head|head_tail|chunk] [--max-chunks N] [--bf16 auto|on|off]
                                [--lead-chars N]

Prints macro-F1 (of the model's own labels: fused with its n-gram part when it has one) on dev (新闻联播 2025-07…12), newspaper_dev (People's Daily 2025, both annotators agree)
and ood_dev (mapped THUCNews) for both models (the peer trained on exactly the training split the
shipped recipe uses: 新闻联播 to 2024-12-31 + People's Daily 2019–2020), and
docs/s (median of --repeats runs) for the BERT with and without length-sorted batching, and for the peer.
Results: bench/results/bench_topic.json.
"""

import argparse
import time

import torch

from results_file import run_context, save_results
from timing import median_seconds
from zhnews.topic.baseline import predict_tfidf_svc, train_tfidf_svc
from zhnews.topic.classification_metrics import classification_scores
from zhnews.topic.long_doc import STRATEGIES
from zhnews.topic.modeling import document_logits
from zhnews.paths import SHIPPED_TOPIC_MODEL
from zhnews.hardware import resolve_bf16
from zhnews.labeller import AUTO_ON_OFF
from zhnews.text import normalize_text
from zhnews.topic.classifier import TopicClassifier
from zhnews.topic.data import build_topic_splits
from zhnews.topic.evaluation import EVAL_SPLITS


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(SHIPPED_TOPIC_MODEL))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--speed-docs", type=int, default=512)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--long-document", choices=STRATEGIES,
                        help="score with this window strategy instead of the model's own setting")
    parser.add_argument("--max-chunks", type=int, help="windows per article with chunk reading (default: the model's)")
    parser.add_argument("--chunk-stride", type=int,
                        help="tokens between chunk windows' starts (default: the model's; 254 with 256-token windows: no overlap)")
    parser.add_argument("--exit-confidence", type=float,
                        help="label an article from its first window when that window is this sure (default: the model's)")
    parser.add_argument("--lead-chars", type=int,
                        help="also read each article's first N characters as one more window (default: the model's; 0: none)")
    parser.add_argument("--bf16", choices=tuple(AUTO_ON_OFF), default="auto",
                        help="bf16 autocast for the BERT speed runs, as `zhnews label` (auto: where the CPU has it)")
    args = parser.parse_args()

    context = run_context()
    splits = build_topic_splits()
    classifier = TopicClassifier.from_pretrained(args.model)
    classifier.long_document = args.long_document or classifier.long_document
    classifier.max_chunks = args.max_chunks or classifier.max_chunks
    classifier.chunk_stride = args.chunk_stride or classifier.chunk_stride
    classifier.exit_confidence = args.exit_confidence if args.exit_confidence is not None else classifier.exit_confidence
    classifier.lead_chars = (args.lead_chars or None) if args.lead_chars is not None else classifier.lead_chars
    started = time.perf_counter()
    peer = train_tfidf_svc(list(splits["train"]["text"]), list(splits["train"]["label"]))
    peer_train_seconds = time.perf_counter() - started

    report = {"model": args.model, "long_document": classifier.long_document, "max_chunks": classifier.max_chunks,
              "chunk_stride": classifier.chunk_stride, "exit_confidence": classifier.exit_confidence, "lead_chars": classifier.lead_chars,
              "lead_weight": classifier.lead_weight, "threads": torch.get_num_threads(), "quality": {}}
    for split in EVAL_SPLITS:
        texts, references = list(splits[split]["text"]), list(splits[split]["label"])
        logits = classifier.logits(texts, args.batch_size)
        report["quality"][split] = {
            "n": len(texts),
            "bert_macro_f1": round(classification_scores(classifier.calibrated(logits, texts).argmax(axis=1),
                                                         references)["macro_f1"], 4),
            "peer_macro_f1": round(classification_scores(predict_tfidf_svc(peer, texts), references)["macro_f1"], 4),
        }
        if classifier.ngram is not None:  # the model's labels above are fused; the BERT's alone here
            report["quality"][split]["bert_alone_macro_f1"] = round(
                classification_scores(logits.argmax(axis=1), references)["macro_f1"], 4)

    texts = [normalize_text(t) for t in list(splits["dev"]["text"])[: args.speed_docs]]
    bf16 = resolve_bf16(AUTO_ON_OFF[args.bf16])
    report["speed_bf16"] = bf16
    speed = {}
    readings = [("bert_unsorted_batches", False, classifier.lead_chars),
                ("bert_length_sorted_batches", True, classifier.lead_chars)]
    if classifier.lead_chars:  # the lead window's cost, in the same process
        readings.append(("bert_length_sorted_batches_no_lead_window", True, None))
    for name, sort, lead_chars in readings:
        def run():
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                document_logits(classifier.model, classifier.tokenizer, texts, classifier.max_length,
                                classifier.long_document, args.batch_size, sort_by_length=sort,
                                max_chunks=classifier.max_chunks, stride=classifier.chunk_stride,
                                exit_confidence=classifier.exit_confidence, lead_chars=lead_chars,
                                lead_weight=classifier.lead_weight)
        speed[name] = round(len(texts) / median_seconds(run, args.repeats), 1)
    if classifier.ngram is not None:  # the n-gram part's cost, and the whole of predict(), in the same process
        speed["ngram_part"] = round(len(texts) / median_seconds(lambda: classifier.ngram.probabilities(texts),
                                                                args.repeats), 1)
        classifier.bf16 = bf16
        speed["bert_and_ngram_part"] = round(
            len(texts) / median_seconds(lambda: classifier.probabilities(texts, args.batch_size), args.repeats), 1)
    speed["peer"] = round(len(texts) / median_seconds(lambda: predict_tfidf_svc(peer, texts), args.repeats), 1)
    speed["length_sorting_speedup"] = round(speed["bert_length_sorted_batches"] / speed["bert_unsorted_batches"], 2)
    report["docs_per_second"] = speed
    report["peer_train_seconds"] = round(peer_train_seconds, 1)

    for split, q in report["quality"].items():
        print(f"{split:14s} n={q['n']:5d}  macro-F1  BERT {q['bert_macro_f1']:.4f}   TF-IDF+SVC {q['peer_macro_f1']:.4f}")
    print(f"docs/s: {speed}")
    save_results("bench_topic", context, report)


if __name__ == "__main__":
    main()
