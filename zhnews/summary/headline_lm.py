"""A headline language model: how well a string reads as a Chinese news headline.

The summariser's beam search keeps several candidate headlines. Its own score says how well each
fits the article, not whether it is a well-formed headline: a beam may stop mid-phrase (…关于实施渐进式)
or join two copied spans into word salad. Reranking the beams by

    seq2seq log-probability per token + rerank_weight × headline-LM log-probability per token

(end of headline included, so a headline that stops mid-phrase pays) prefers the candidates a
reader would call headlines (`Summarizer(rerank_weight=…)`).

The LM is a causal BERT (`BertLMHeadModel`, is_decoder=True) warm-started from the zhnews BERT, whose
masked-LM pretraining already knows the news vocabulary, then trained on the training period's human
headlines only (training/run_headline_lm.py). Text reads [CLS] headline [SEP].
"""

import copy
from pathlib import Path

import torch
from transformers import AutoModelForCausalLM, BertLMHeadModel, LogitsProcessor

from safetensors.torch import load_file, save_file

from zhnews.model_location import optional_model_file
from zhnews.safe_loading import check_model_source
from zhnews.summary.data import cap_repeated_summaries, lcsts_train_pairs, rmrb_pairs, sogoucs_pairs, xwlb_pairs
from zhnews.tokenization import load_tokenizer

HEADLINE_LM_FOLDER = "headline_lm"
"""The LM's folder inside a summary model folder that reranks with it."""
UNIGRAM_FILE = "unigram.safetensors"
"""Log-probability of each token in the training headlines (add-one smoothed), for SLOR."""


def headline_texts(data_dir, max_headline_repeats: int = 3) -> dict[str, list[str]]:
    """Human headlines, each once: `train` from the summary training pairs (新闻联播 to 2025-06-30,
    People's Daily 2019–2020, LCSTS part 2 train, SogouCS), `dev` from the 新闻联播 and newspaper dev splits."""
    xwlb, rmrb = xwlb_pairs(data_dir), rmrb_pairs(data_dir)
    train_rows = (cap_repeated_summaries(xwlb["train"], max_headline_repeats) + rmrb["train"]
                  + lcsts_train_pairs(data_dir) + sogoucs_pairs(data_dir))
    unique = lambda rows: list(dict.fromkeys(row["summary"] for row in rows if row["summary"]))  # noqa: E731
    return {"train": unique(train_rows), "dev": unique(xwlb["dev"] + rmrb["dev"])}


def warm_start_headline_lm(bert_dir: str | Path) -> BertLMHeadModel:
    """A causal LM with every weight of a BertForMaskedLM folder (layers, embeddings, LM head)."""
    check_model_source(str(bert_dir))
    return BertLMHeadModel.from_pretrained(str(bert_dir), is_decoder=True, use_safetensors=True,
                                           dtype=torch.float32)


def unigram_log_probs(texts: list[str], tokenizer, vocab_size: int) -> torch.Tensor:
    """Add-one smoothed log-probability of each token over texts, [SEP] (the end) once per text."""
    counts = torch.ones(vocab_size, dtype=torch.float64)
    for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]:
        counts += torch.bincount(torch.tensor(ids, dtype=torch.long), minlength=vocab_size)
    counts[tokenizer.sep_token_id] += len(texts)
    return (counts / counts.sum()).log().float()


class HeadlineScorer:
    """How well texts read as headlines under a headline LM (higher is better): the mean log-probability
    per token or, with the LM's unigram table, SLOR, the mean of (LM − unigram) log-probability per token
    (Kann et al. 2018, "Sentence-level fluency evaluation"), which does not punish a rare word such as a
    foreign name for being rare, nor favour a headline for being short."""

    def __init__(self, model, tokenizer, max_length: int = 64, unigram: torch.Tensor | None = None):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.unigram = unigram

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path, subfolder: str = "") -> "HeadlineScorer":
        check_model_source(str(name_or_path))
        model = AutoModelForCausalLM.from_pretrained(str(name_or_path), subfolder=subfolder, use_safetensors=True,
                                                     dtype=torch.float32)
        local = Path(name_or_path, subfolder)
        unigram_file = optional_model_file(name_or_path, UNIGRAM_FILE, subfolder)
        unigram = load_file(str(unigram_file))["log_probs"] if unigram_file else None
        return cls(model, load_tokenizer(local if local.is_dir() else name_or_path), unigram=unigram)

    def save_pretrained(self, folder: str | Path, fp16: bool = False) -> None:
        """A standard HF folder: the LM (safetensors, fp16 weights with fp16=True), its tokenizer and, if it has
        one, its unigram table; from_pretrained reads it back."""
        model = copy.deepcopy(self.model).half() if fp16 else self.model
        model.save_pretrained(str(folder), safe_serialization=True)
        self.tokenizer.save_pretrained(str(folder))
        if self.unigram is not None:
            save_file({"log_probs": self.unigram.contiguous()}, str(Path(folder) / UNIGRAM_FILE))

    @torch.inference_mode()
    def score(self, texts: list[str], batch_size: int = 64) -> list[float]:
        """One score per text; an empty text scores -inf."""
        scores = []
        for start in range(0, len(texts), batch_size):
            batch = self.tokenizer(texts[start:start + batch_size], max_length=self.max_length, truncation=True,
                                   padding=True, return_tensors="pt", return_token_type_ids=False)
            logits = self.model(**batch.to(self.model.device)).logits[:, :-1].float()
            targets = batch["input_ids"][:, 1:]
            mask = batch["attention_mask"][:, 1:].float()
            token_scores = torch.log_softmax(logits, -1).gather(-1, targets[..., None])[..., 0]
            if self.unigram is not None:
                token_scores = token_scores - self.unigram.to(token_scores.device)[targets]
            scores.extend(((token_scores * mask).sum(1) / mask.sum(1)).tolist())
        return [s if text.strip() else float("-inf") for s, text in zip(scores, texts)]


def score_beams(scorer: HeadlineScorer, beams: list[list[tuple[str, float]]]) -> list[list[float]]:
    """The headline-LM score of every beam (`Summarizer.candidates` output), in one batched pass."""
    flat = iter(scorer.score([summary for candidates in beams for summary, _ in candidates]))
    return [[next(flat) for _ in candidates] for candidates in beams]


def rerank(beams: list[list[tuple[str, float]]], lm_scores: list[list[float]], weight: float) -> list[str]:
    """Each text's beam with the highest beam score + weight × headline-LM score (the first of equals)."""
    return [max(zip(candidates, scores), key=lambda pair: pair[0][1] + weight * pair[1])[0][0]
            for candidates, scores in zip(beams, lm_scores)]


class HeadlineFusion(LogitsProcessor):
    """Shallow fusion: at every decoding step, add weight × the headline LM's log-probability of each next
    token (the end of the headline included) to the summariser's scores, so that beam search itself
    prefers well-formed headlines. The decoder's rows read [decoder start] [CLS] tokens…; the LM reads
    them from [CLS] on."""

    def __init__(self, scorer: HeadlineScorer, weight: float):
        self.model, self.weight = scorer.model, weight

    @torch.inference_mode()
    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if input_ids.shape[1] < 2:  # nothing written yet: the next token is the summary's [CLS]
            return scores
        logits = self.model(input_ids=input_ids[:, 1:], logits_to_keep=1).logits[:, -1].float()
        return scores + self.weight * torch.log_softmax(logits, -1)
