"""Pretraining step time and tokens/s: full LM head vs masked-positions-only head, fp32 vs bf16.

    python bench/bench_pretraining.py [--steps 8] [--layers 4 --hidden 256 --batch 32 --seq 128]

All variants run in one process on the same batch; the figure is the median of timed steps
(forward + backward + AdamW step) after warm-up steps.
"""

import argparse
import json
import statistics
import time

import torch
from transformers import BertForMaskedLM

from zhnews.hardware import bf16_is_fast
from zhnews.mlm_data import WholeWordMaskCollator
from zhnews.mlm_model import BertForMaskedLMSparseHead, new_bert_config
from zhnews.paths import SHARED_VOCAB_FILE
from zhnews.tokenization import build_tokenizer_folder, vocab_line_count


def time_steps(model, batch, bf16: bool, steps: int, warmup: int = 2) -> float:
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    times = []
    for i in range(warmup + steps):
        started = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if i >= warmup:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seq", type=int, default=128)
    parser.add_argument("--vocab-file", default=str(SHARED_VOCAB_FILE))
    parser.add_argument("--tokenizer-dir", default="runs/bench-tokenizer")
    parser.add_argument("--bf16", choices=["auto", "yes", "no"], default="auto",
                        help="also time bf16 autocast (auto: only where the CPU has AMX/AVX512-BF16)")
    args = parser.parse_args()

    tokenizer = build_tokenizer_folder(args.vocab_file, args.tokenizer_dir)
    generator = torch.Generator().manual_seed(0)
    examples = [{"input_ids": [tokenizer.cls_token_id]
                 + torch.randint(670, 8000, (args.seq - 2,), generator=generator).tolist()
                 + [tokenizer.sep_token_id]} for _ in range(args.batch)]
    batch = WholeWordMaskCollator(tokenizer)(examples)
    config = new_bert_config(vocab_line_count(args.vocab_file), args.hidden, args.layers,
                             max(1, args.hidden // 64), 4 * args.hidden)
    tokens = args.batch * args.seq
    results = {}
    variants = [("full head fp32", BertForMaskedLM, False), ("masked-only head fp32", BertForMaskedLMSparseHead, False)]
    if args.bf16 == "yes" or (args.bf16 == "auto" and bf16_is_fast()):
        variants += [("full head bf16", BertForMaskedLM, True), ("masked-only head bf16", BertForMaskedLMSparseHead, True)]
    for name, cls, bf16 in variants:
        torch.manual_seed(0)
        seconds = time_steps(cls(config), batch, bf16, args.steps)
        results[name] = {"s_per_step": round(seconds, 3), "tokens_per_s": round(tokens / seconds)}
    baseline = results["full head fp32"]["s_per_step"]
    for name, r in results.items():
        r["speedup_vs_full_fp32"] = round(baseline / r["s_per_step"], 2)
        print(f"{name:24s} {r['s_per_step']:6.3f} s/step {r['tokens_per_s']:7d} tokens/s  x{r['speedup_vs_full_fp32']}")
    print(json.dumps({"threads": torch.get_num_threads(), "cpu": torch.backends.cpu.get_cpu_capability(), **vars(args), "results": results}))


if __name__ == "__main__":
    main()
