"""The BART summarisation model and its starting points.

The model is one of three starting points, all in the fnlp/bart-base-chinese layout
(bert-base-chinese vocabulary; [CLS] … [SEP] targets; the decoder starts at [SEP]):
- `model_name_or_path`: an existing BART checkpoint (a Hub id or a folder), fine-tuned as is;
- `warm_start_from`: a new BART whose encoder *and* decoder layers are copied from a zhnews BERT
  (Rothe et al. 2020, "Leveraging pre-trained checkpoints for sequence generation tasks");
  cross-attention, which BERT lacks, starts random;
- neither: a new, randomly initialised BART of the configured size.
"""

from pathlib import Path

import torch
from transformers import AutoModelForMaskedLM, AutoModelForSeq2SeqLM, BartConfig, BartForConditionalGeneration

from zhnews.summary.config import SummaryConfig
from zhnews.distributed import writable_dir
from zhnews.tokenization import build_tokenizer_folder, load_tokenizer, vocab_line_count

# BERT layer parameter -> BART layer parameter (both post-LayerNorm transformers with GELU).
_BERT_TO_BART_LAYER = {
    "attention.self.query": "self_attn.q_proj",
    "attention.self.key": "self_attn.k_proj",
    "attention.self.value": "self_attn.v_proj",
    "attention.output.dense": "self_attn.out_proj",
    "attention.output.LayerNorm": "self_attn_layer_norm",
    "intermediate.dense": "fc1",
    "output.dense": "fc2",
    "output.LayerNorm": "final_layer_norm",
}


def new_bart_config(tokenizer, vocab_size: int, d_model: int, encoder_layers: int, decoder_layers: int,
                    attention_heads: int, ffn_dim: int, max_position_embeddings: int = 512,
                    dropout: float = 0.1) -> BartConfig:
    return BartConfig(
        vocab_size=vocab_size,
        d_model=d_model,
        encoder_layers=encoder_layers,
        decoder_layers=decoder_layers,
        encoder_attention_heads=attention_heads,
        decoder_attention_heads=attention_heads,
        encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim,
        max_position_embeddings=max_position_embeddings,
        dropout=dropout,
        activation_function="gelu",
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.cls_token_id,
        eos_token_id=tokenizer.sep_token_id,
        decoder_start_token_id=tokenizer.sep_token_id,
    )


def bert_to_bart_weights(bert_state: dict[str, torch.Tensor], encoder_layers: int,
                         decoder_layers: int) -> dict[str, torch.Tensor]:
    """BART (`model.*`) tensors from a BertForMaskedLM state dict. BERT layer i initialises both
    encoder layer i and decoder layer i. The token-type-0 embedding, which BERT adds at every
    position, is folded into the position embeddings."""
    embeddings = "bert.embeddings."
    positions = bert_state[embeddings + "position_embeddings.weight"] + bert_state[
        embeddings + "token_type_embeddings.weight"][0]
    weights = {"final_logits_bias": bert_state["cls.predictions.bias"][None, :]}
    for side, n_layers in (("encoder", encoder_layers), ("decoder", decoder_layers)):
        weights[f"model.{side}.embed_tokens.weight"] = bert_state[embeddings + "word_embeddings.weight"]
        weights[f"model.{side}.embed_positions.weight"] = positions
        for kind in ("weight", "bias"):
            weights[f"model.{side}.layernorm_embedding.{kind}"] = bert_state[f"{embeddings}LayerNorm.{kind}"]
        for i in range(n_layers):
            for bert_name, bart_name in _BERT_TO_BART_LAYER.items():
                for kind in ("weight", "bias"):
                    weights[f"model.{side}.layers.{i}.{bart_name}.{kind}"] = bert_state[
                        f"bert.encoder.layer.{i}.{bert_name}.{kind}"]
    weights["model.shared.weight"] = weights["model.encoder.embed_tokens.weight"]
    return weights


def warm_start_bart(bert_dir: str | Path, tokenizer, config: SummaryConfig) -> BartForConditionalGeneration:
    """A new BART with the BERT folder's sizes, its encoder and decoder initialised from the BERT."""
    bert = AutoModelForMaskedLM.from_pretrained(str(bert_dir), use_safetensors=True, dtype=torch.float32)
    b = bert.config
    if max(config.encoder_layers, config.decoder_layers) > b.num_hidden_layers:
        raise ValueError(f"{bert_dir} has {b.num_hidden_layers} layers; encoder_layers and decoder_layers "
                         "must not exceed that")
    bart = BartForConditionalGeneration(new_bart_config(
        tokenizer, b.vocab_size, b.hidden_size, config.encoder_layers, config.decoder_layers,
        b.num_attention_heads, b.intermediate_size, b.max_position_embeddings, config.dropout))
    target = bart.state_dict()  # tensors share storage with the parameters: copy_ writes the model
    with torch.no_grad():
        for name, tensor in bert_to_bart_weights(bert.state_dict(), config.encoder_layers,
                                                 config.decoder_layers).items():
            if name.endswith("embed_positions.weight"):  # BART keeps 2 extra leading position rows
                target[name][2:2 + len(tensor)].copy_(tensor)
            else:
                target[name].copy_(tensor)
    return bart


def load_bart(name_or_path: str | Path):
    """(model, tokenizer) of an existing BART checkpoint, a Hub id or a folder, in fp32 for training
    (shipped zhnews checkpoints store fp16 weights, which transformers 5 would keep)."""
    tokenizer = load_tokenizer(name_or_path)
    model = AutoModelForSeq2SeqLM.from_pretrained(str(name_or_path), use_safetensors=True, dtype=torch.float32)
    return model, tokenizer


def new_bart(config, output_dir: str | Path):
    """(model, tokenizer) of a new, randomly initialised BART of the config's sizes (d_model, encoder_layers,
    …, vocab_file, seed); the tokenizer folder is written to output_dir."""
    tokenizer = build_tokenizer_folder(config.vocab_file, writable_dir(output_dir))
    torch.manual_seed(config.seed)
    model = BartForConditionalGeneration(new_bart_config(
        tokenizer, vocab_line_count(config.vocab_file), config.d_model, config.encoder_layers,
        config.decoder_layers, config.attention_heads, config.ffn_dim, config.max_position_embeddings,
        config.dropout))
    return model, tokenizer


def load_summary_model(config: SummaryConfig):
    """(model, tokenizer) for the config's starting point; new models get the tokenizer folder in output_dir."""
    if config.model_name_or_path:
        return load_bart(config.model_name_or_path)
    if config.warm_start_from:
        tokenizer = load_tokenizer(config.warm_start_from)
        return warm_start_bart(config.warm_start_from, tokenizer, config), tokenizer
    return new_bart(config, config.output_dir)
