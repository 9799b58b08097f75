#!/usr/bin/env bash
# The GPU recipe of the 6+4 layers x 384 summariser (issue 7), each step on a wall-time budget:
# denoising pretraining on the news text, then fine-tuning on all the headline pairs.
#
#   bash training/gpu_summary_recipe.sh [PRETRAIN_MINUTES] [FINETUNE_MINUTES]
#
# Writes runs/pretrain-bart-6x4x384 and runs/summary-6x4x384 (fp16, with the shipped decoding
# settings). The data come from ../shared (or $ZHNEWS_SHARED). Score the result on all three dev
# sets afterwards, on any machine:
#   python training/run_summary.py configs/summary/zhnews-summary-6x4x384.yaml do_train=false \
#       model_name_or_path=runs/summary-6x4x384 output_dir=runs/summary-6x4x384-eval eval_limit=300
set -euo pipefail
PRETRAIN_MINUTES=${1:-3.2}
FINETUNE_MINUTES=${2:-3.0}
python training/run_summary_pretraining.py configs/pretrain/bart-6x4x384-denoise.yaml \
    max_minutes="$PRETRAIN_MINUTES" prepared_dir=/tmp/zhnews-prepared
# eval_limit: a quick smoke score here; the real evaluation runs afterwards (above)
python training/run_summary.py configs/summary/zhnews-summary-6x4x384.yaml \
    max_minutes="$FINETUNE_MINUTES" eval_limit=20
