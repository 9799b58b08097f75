"""ELECTRA replaced-token detection (Clark et al., ICLR 2020) around a zhnews BERT.

A small generator fills the masked positions with sampled tokens; the BERT (the discriminator)
learns to tell, at every position, whether a token is the original or a replacement. Every token
gets a loss, not only the 15% masked, which is why ELECTRA learns more per CPU-minute than MLM.

Settings follow the paper's small model:
- the generator has the discriminator's depth and 1/4 of its width, and shares its token, position
  and segment embeddings (an ELECTRA `embeddings_project` maps them to the generator's width);
- the generator's MLM head runs on masked positions only;
- samples are drawn without gradient, and a position counts as "replaced" only where the sample
  differs from the original token;
- loss = generator MLM loss + 50 x discriminator loss; dropout off.

What is saved (`save_pretrained`) is a standard `BertForMaskedLM` folder for the discriminator, so
fine-tuning and every loader keep working (its MLM head is carried over unchanged, so it is not an
MLM model to trust); the generator and the discriminator head go to `electra/` inside it, so the
next run continues ELECTRA where this one stopped.
"""

from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import BertForMaskedLM, ElectraConfig, ElectraForMaskedLM
from transformers.modeling_outputs import ModelOutput

ELECTRA_DIR = "electra"
GENERATOR_DIR = f"{ELECTRA_DIR}/generator"
HEAD_FILE = f"{ELECTRA_DIR}/discriminator_head.safetensors"
SHARED_EMBEDDINGS = ("word_embeddings", "position_embeddings", "token_type_embeddings", "LayerNorm")


def generator_config(discriminator: BertForMaskedLM, width_ratio: float = 0.25) -> ElectraConfig:
    config = discriminator.config
    hidden = max(16, int(config.hidden_size * width_ratio))
    return ElectraConfig(
        vocab_size=config.vocab_size,
        embedding_size=config.hidden_size,
        hidden_size=hidden,
        num_hidden_layers=config.num_hidden_layers,
        num_attention_heads=max(1, hidden // 64),
        intermediate_size=4 * hidden,
        max_position_embeddings=config.max_position_embeddings,
        type_vocab_size=config.type_vocab_size,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )


def switch_off_dropout(model: nn.Module) -> None:
    for module in model.modules():
        if isinstance(module, nn.Dropout):
            module.p = 0.0


class ElectraPretrainingModel(nn.Module):
    def __init__(self, discriminator: BertForMaskedLM, generator: ElectraForMaskedLM,
                 discriminator_head: nn.Module | None = None, discriminator_loss_weight: float = 50.0):
        super().__init__()
        hidden = discriminator.config.hidden_size
        self.discriminator = discriminator
        self.generator = generator
        self.discriminator_head = discriminator_head or nn.Sequential(
            nn.Linear(hidden, hidden), nn.GELU(), nn.Linear(hidden, 1))
        self.discriminator_loss_weight = discriminator_loss_weight
        self.config = discriminator.config  # what the Trainer reads for logging and saving
        for name in SHARED_EMBEDDINGS:
            setattr(generator.electra.embeddings, name, getattr(discriminator.bert.embeddings, name))
        generator.generator_lm_head.weight = discriminator.bert.embeddings.word_embeddings.weight
        switch_off_dropout(self)

    @classmethod
    def from_discriminator(cls, discriminator: BertForMaskedLM, source: str | Path | None = None,
                           width_ratio: float = 0.25, discriminator_loss_weight: float = 50.0):
        """Continue the generator and head saved under `source` (a folder this class wrote), or start
        new ones next to the given discriminator."""
        generator_folder = Path(source) / GENERATOR_DIR if source else None
        if generator_folder is not None and generator_folder.is_dir():
            generator = ElectraForMaskedLM.from_pretrained(generator_folder, use_safetensors=True,
                                                           dtype=torch.float32)
            model = cls(discriminator, generator, discriminator_loss_weight=discriminator_loss_weight)
            model.discriminator_head.load_state_dict(load_file(Path(source) / HEAD_FILE))
            return model
        generator = ElectraForMaskedLM(generator_config(discriminator, width_ratio))
        return cls(discriminator, generator, discriminator_loss_weight=discriminator_loss_weight)

    def forward(self, input_ids, attention_mask, labels, **kwargs):
        chosen = labels != -100
        original = torch.where(chosen, labels, input_ids)
        generated = self.generator.electra(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        generator_logits = self.generator.generator_lm_head(self.generator.generator_predictions(generated[chosen]))
        generator_loss = F.cross_entropy(generator_logits.float(), labels[chosen])

        with torch.no_grad():
            samples = torch.multinomial(F.softmax(generator_logits.float(), dim=-1), 1).squeeze(-1)
        corrupted = original.clone()
        corrupted[chosen] = samples
        replaced = (corrupted != original).float()

        hidden = self.discriminator.bert(input_ids=corrupted, attention_mask=attention_mask).last_hidden_state
        detection_logits = self.discriminator_head(hidden).squeeze(-1).float()
        real = attention_mask.bool()
        discriminator_loss = F.binary_cross_entropy_with_logits(detection_logits[real], replaced[real])
        loss = generator_loss + self.discriminator_loss_weight * discriminator_loss
        accuracy = ((detection_logits[real] > 0).float() == replaced[real]).float().mean()
        return ModelOutput(loss=loss, generator_loss=generator_loss.detach(),
                           discriminator_loss=discriminator_loss.detach(), detection_accuracy=accuracy.detach())

    def save_pretrained(self, output_dir: str | Path) -> None:
        """The discriminator as a standard BERT folder; generator and head under electra/ for continuing."""
        from zhnews.mlm_model import save_as_standard_bert

        output_dir = Path(output_dir)
        save_as_standard_bert(self.discriminator, str(output_dir))
        self.generator.save_pretrained(output_dir / GENERATOR_DIR, safe_serialization=True)
        head = {k: v.detach().contiguous() for k, v in self.discriminator_head.state_dict().items()}
        save_file(head, str(output_dir / HEAD_FILE))
