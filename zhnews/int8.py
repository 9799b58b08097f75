"""The int8 path: dynamic quantisation of the models' linear layers (weights int8, activations
quantised per batch on the fly). Measured against fp32 by bench/bench_label.py."""

import torch


def quantize_linear_layers(model: torch.nn.Module) -> torch.nn.Module:
    """The same model with every nn.Linear replaced by a dynamically quantised int8 one (CPU only)."""
    return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def quantize_models(classifier=None, summarizer=None) -> None:
    """Quantise a TopicClassifier's and/or a Summarizer's model in place."""
    for holder in (classifier, summarizer):
        if holder is not None:
            holder.model = quantize_linear_layers(holder.model)
