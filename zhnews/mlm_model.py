"""BERT masked-LM whose vocabulary projection runs on masked positions only.

The LM head (hidden -> 21,128 logits) dominates a small BERT's cost when it runs on every
position; with 15% masking, projecting only the chosen positions cuts pretraining time by more
than half (bench/bench_pretraining.py). The weights and their names are exactly those of
`BertForMaskedLM`, so checkpoints load anywhere a Chinese BERT does.
"""

import torch.nn.functional as F
from transformers import BertConfig, BertForMaskedLM
from transformers.modeling_outputs import MaskedLMOutput


class BertForMaskedLMSparseHead(BertForMaskedLM):
    def forward(self, input_ids=None, attention_mask=None, token_type_ids=None, labels=None, **kwargs):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]
        if labels is None:
            return MaskedLMOutput(logits=self.cls(hidden))
        chosen = labels != -100
        logits = self.cls(hidden[chosen])
        loss = F.cross_entropy(logits.float(), labels[chosen])
        return MaskedLMOutput(loss=loss, logits=logits)


def new_bert_config(vocab_size: int, hidden_size: int, num_layers: int, num_heads: int,
                    intermediate_size: int, max_position_embeddings: int = 512) -> BertConfig:
    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        intermediate_size=intermediate_size,
        max_position_embeddings=max_position_embeddings,
    )


def save_as_standard_bert(model: BertForMaskedLM, output_dir: str) -> None:
    """Save under the stock `BertForMaskedLM` architecture name (no custom class needed to load)."""
    model.config.architectures = ["BertForMaskedLM"]
    model.save_pretrained(output_dir, safe_serialization=True)
    # save_pretrained writes the class name; put the standard name back in config.json.
    model.config.architectures = ["BertForMaskedLM"]
    model.config.save_pretrained(output_dir)
