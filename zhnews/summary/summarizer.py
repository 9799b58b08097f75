"""Summarizer: the inference API for short (headline-length) summaries.

    from zhnews import Summarizer
    summarizer = Summarizer.from_pretrained()   # the embedded default; or a folder / Hub id
    summarizer.summarize(["…article…"], batch_size=16, max_length=32)

Works with any BART checkpoint on the bert-base-chinese vocabulary (zhnews's own, or
fnlp/bart-base-chinese fine-tuned with training/run_summary.py).
"""

import contextlib
import copy
import functools
import re
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSeq2SeqLM, GenerationConfig, LogitsProcessorList
from transformers.cache_utils import DynamicCache, EncoderDecoderCache
from transformers.generation.utils import GenerateOutput

from zhnews.model_location import load_or_explain, model_location
from zhnews.paths import SHIPPED_SUMMARY_MODEL
from zhnews.safe_loading import check_model_source
from zhnews.summary.source_vocabulary import (SourceVocabularyProcessor, allowed_tokens, always_allowed_ids,
                                      source_logits_only)
from zhnews.summary.span_copy import (SPAN_COPY_OPTIONS, SourceWords, SpanCopyProcessor, paired_mark_ids,
                                      punctuation_ids, token_texts)
from zhnews.summary.data import story_lead
from zhnews.summary.headline_lm import HEADLINE_LM_FOLDER, HeadlineFusion, HeadlineScorer, rerank, score_beams
from zhnews.summary.fallback import clause_fallback, fluency_fallback
from zhnews.summary.fluency import FluencyScorer, uses_fluency_scorer
from zhnews.text import check_texts, in_source_case, normalize_text
from zhnews.tokenization import load_tokenizer

# Only these go to generate(): a BERT-vocab tokenizer also returns token_type_ids, which BART rejects.
MODEL_INPUTS = ("input_ids", "attention_mask")
# WordPiece decoding puts a space between every two tokens; keep only spaces between two ASCII words.
_SPACE_NOT_BETWEEN_WORDS = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


def join_chinese(text: str) -> str:
    """'新 闻 联 播 2025 年' -> '新闻联播2025年'; 'open ai' keeps its space."""
    return _SPACE_NOT_BETWEEN_WORDS.sub("", text).strip()


def decode_summaries(tokenizer, sequences) -> list[str]:
    """Token ids (padding as pad id or -100) to summary strings without spaces between Chinese characters."""
    sequences = np.where(np.asarray(sequences) < 0, tokenizer.pad_token_id, np.asarray(sequences))
    texts = tokenizer.batch_decode(sequences.tolist(), skip_special_tokens=True)
    return [join_chinese(text) for text in texts]


def summary_generation_config(tokenizer, num_beams: int = 4, no_repeat_ngram_size: int = 3,
                              length_penalty: float = 1.0, min_new_tokens: int = 8,
                              max_new_tokens: int = 40, early_stopping: bool = False) -> GenerationConfig:
    """Decoding for the fnlp/bart-base-chinese layout: the decoder starts at [SEP] and a summary
    reads [CLS] … [SEP]. early_stopping=True stops beam search at the first num_beams finished
    hypotheses, which cuts longer, better-scored beams short (bench/rating-finish/)."""
    return GenerationConfig(
        decoder_start_token_id=tokenizer.sep_token_id,
        bos_token_id=tokenizer.cls_token_id,
        eos_token_id=tokenizer.sep_token_id,
        forced_eos_token_id=tokenizer.sep_token_id,
        pad_token_id=tokenizer.pad_token_id,
        num_beams=num_beams,
        early_stopping=early_stopping and num_beams > 1,
        no_repeat_ngram_size=no_repeat_ngram_size,
        length_penalty=length_penalty,
        min_new_tokens=min_new_tokens,
        max_new_tokens=max_new_tokens,
    )


class SharedSourceCache(DynamicCache):
    """The cross-attention cache of beam search. Beam search reorders beams only within one source row,
    and every beam of a row holds the same encoder keys and values, so reordering them (an index_select
    of the whole source at every step) changes nothing: skip it."""

    def reorder_cache(self, beam_idx: torch.LongTensor) -> None:
        pass


def beam_search_cache(config) -> EncoderDecoderCache:
    return EncoderDecoderCache(DynamicCache(config=config), SharedSourceCache(config=config))


def _load_seq2seq(name_or_path: str):
    check_model_source(name_or_path)
    return AutoModelForSeq2SeqLM.from_pretrained(name_or_path, use_safetensors=True, dtype=torch.float32)


# The decoding options summarize() takes, each defaulting to the summariser's saved setting.
DECODING_OPTIONS = ("source_vocabulary_only", "source_logits_only", "copy_bonus", *SPAN_COPY_OPTIONS,
                    "rerank_weight", "fusion_weight", "clause_fallback", "fluency_floor", "clause_fluency_floor")


class Summarizer:
    def __init__(self, model, tokenizer, max_source_length: int = 512,
                 generation_config: GenerationConfig | None = None, source_vocabulary_only: bool = False,
                 copy_bonus: float = 0.0, span_copy: bool = False, no_repeat_words: bool = False,
                 end_at_phrase: bool = False, source_logits_only: bool = False, new_span_penalty: float = 0.0,
                 no_end_before_noun: bool = False, backward_span_penalty: float = 0.0,
                 sentence_jump_penalty: float = 0.0, clause_jump_penalty: float = 0.0,
                 verb_skip_penalty: float = 0.0, verbless_end_penalty: float = 0.0,
                 headline_scorer: HeadlineScorer | None = None,
                 rerank_weight: float = 0.0, fusion_weight: float = 0.0, clause_fallback: bool = False,
                 fluency_scorer: FluencyScorer | None = None, fluency_floor: float = 0.0,
                 clause_fluency_floor: float = 0.0):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self._always_allowed = always_allowed_ids(tokenizer)
        self.max_source_length = max_source_length
        self.source_vocabulary_only = source_vocabulary_only
        # with source_vocabulary_only: compute the output layer for the article's tokens only (faster;
        # each row's softmax renormalised over them): zhnews/summary/source_vocabulary.py
        self.source_logits_only = source_logits_only
        self.copy_bonus = copy_bonus
        # zhnews/summary/span_copy.py: copy whole article words, block repeated words, end at a phrase boundary
        self.span_copy, self.no_repeat_words, self.end_at_phrase = span_copy, no_repeat_words, end_at_phrase
        self.new_span_penalty, self.no_end_before_noun = new_span_penalty, no_end_before_noun
        self.backward_span_penalty = backward_span_penalty  # new spans that go back in the article cost more
        # …and those that leave the previous span's sentence or clause
        self.sentence_jump_penalty, self.clause_jump_penalty = sentence_jump_penalty, clause_jump_penalty
        self.verb_skip_penalty = verb_skip_penalty  # …and those that skip a verb
        self.verbless_end_penalty = verbless_end_penalty  # ending before the summary has a predicate costs more
        # zhnews/summary/headline_lm.py: pick among the beams by summary score + rerank_weight × headline-LM score
        # or add fusion_weight × its next-token log-probabilities at every step
        self.headline_scorer, self.rerank_weight, self.fusion_weight = headline_scorer, rerank_weight, fusion_weight
        if (rerank_weight or fusion_weight) and headline_scorer is None:
            raise ValueError("rerank_weight and fusion_weight need a headline_scorer (a headline LM)")
        # a summary the garble measures flag gives way to the lead's clauses most like it (fallback.clause_fallback)
        self.clause_fallback = clause_fallback
        # …and so does one the fluency estimate puts below fluency_floor; the clauses estimated below
        # clause_fluency_floor are passed over (fallback.fluency_fallback, zhnews/summary/fluency.py)
        self.fluency_scorer, self.fluency_floor, self.clause_fluency_floor = (fluency_scorer, fluency_floor,
                                                                              clause_fluency_floor)
        if (fluency_floor or clause_fluency_floor) and fluency_scorer is None:
            raise ValueError("fluency_floor and clause_fluency_floor need a fluency_scorer")
        if generation_config is not None:
            self.model.generation_config = generation_config

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path | None = None, device: str | None = None) -> "Summarizer":
        """Load a seq2seq summary model from a folder or the Hub (safetensors weights only); with no
        name, the embedded default (models/zhnews-summary)."""
        name_or_path = model_location(name_or_path, SHIPPED_SUMMARY_MODEL)
        model = load_or_explain(name_or_path, _load_seq2seq)
        if device:
            model = model.to(device)
        settings = getattr(model.config, "zhnews", None) or {}
        max_source_length = settings.get("max_source_length", min(512, model.config.max_position_embeddings))
        rerank_weight, fusion_weight = settings.get("rerank_weight", 0.0), settings.get("fusion_weight", 0.0)
        scorer = (HeadlineScorer.from_pretrained(name_or_path, subfolder=HEADLINE_LM_FOLDER)
                  if rerank_weight or fusion_weight else None)
        if scorer is not None and device:
            scorer.model.to(device)
        fluency_scorer = FluencyScorer.from_pretrained(name_or_path) if uses_fluency_scorer(settings) else None
        return cls(model, load_tokenizer(name_or_path), max_source_length=max_source_length,
                   headline_scorer=scorer, rerank_weight=rerank_weight, fusion_weight=fusion_weight,
                   fluency_scorer=fluency_scorer, fluency_floor=settings.get("fluency_floor", 0.0),
                   clause_fluency_floor=settings.get("clause_fluency_floor", 0.0),
                   source_vocabulary_only=settings.get("source_vocabulary_only", False),
                   copy_bonus=settings.get("copy_bonus", 0.0),
                   source_logits_only=settings.get("source_logits_only", False),
                   clause_fallback=settings.get("clause_fallback", False),
                   **{option: settings.get(option, off) for option, off in SPAN_COPY_OPTIONS.items()})

    def decoding_settings(self) -> dict:
        """The decoding options saved in config.json (`zhnews`)."""
        return {option: getattr(self, option) for option in DECODING_OPTIONS}

    def save_pretrained(self, output_dir: str | Path, fp16: bool = False) -> None:
        """A standard HF folder: model (safetensors, fp16 weights with fp16=True), tokenizer,
        generation_config.json; the zhnews settings travel in config.json under `zhnews`."""
        self.model.config.zhnews = {"max_source_length": self.max_source_length, **self.decoding_settings()}
        model = copy.deepcopy(self.model).half() if fp16 else self.model
        model.save_pretrained(str(output_dir), safe_serialization=True)
        # Saved model_input_names make the reloaded tokenizer skip token_type_ids, so that even
        # `model.generate(**tokenizer(text, return_tensors="pt"))` works without zhnews.
        self.tokenizer.model_input_names = list(MODEL_INPUTS)
        self.tokenizer.init_kwargs["model_input_names"] = list(MODEL_INPUTS)
        self.tokenizer.save_pretrained(str(output_dir))
        if self.headline_scorer is not None:
            self.headline_scorer.save_pretrained(Path(output_dir) / HEADLINE_LM_FOLDER, fp16=fp16)
        if self.fluency_scorer is not None:
            self.fluency_scorer.save_pretrained(output_dir)

    def _encode(self, texts: list[str],
                no_end_before_noun: bool = False) -> tuple[list[list[int]], list[SourceWords]]:
        """Encoder input ids, and each lead's words for the span constraints. A leader's letter printed before the
        news story about it comes after it (data.story_lead: the story's lead, not the letter's salutation)."""
        leads = [story_lead(text, self.max_source_length) for text in texts]
        for i, lead in enumerate(leads):
            if not lead:
                raise ValueError(f"text at index {i} is empty after normalisation")
        encoded = self.tokenizer(leads, max_length=self.max_source_length, truncation=True,
                                 return_offsets_mapping=True)
        return encoded["input_ids"], [SourceWords.from_lead(lead, ids, offsets, no_end_before_noun)
                                      for lead, ids, offsets in zip(leads, encoded["input_ids"],
                                                                    encoded["offset_mapping"])]

    def _span_copy_processor(self, sources: list[SourceWords], options: dict) -> SpanCopyProcessor:
        punctuation, closing = punctuation_ids(self.tokenizer)
        special = {self.tokenizer.cls_token_id, self.tokenizer.pad_token_id, self.tokenizer.sep_token_id}
        return SpanCopyProcessor(sources, self.tokenizer.sep_token_id, special, punctuation, closing, **options,
                                 paired_marks=paired_mark_ids(self.tokenizer),
                                 token_text=self._token_text if options["verbless_end_penalty"] else None)

    @functools.cached_property
    def _token_text(self) -> dict[int, str]:
        """Token id -> characters, for verbless_end_penalty (built on first use, not at load)."""
        return token_texts(self.tokenizer)

    def _decode(self, output: torch.Tensor, processor: SpanCopyProcessor | None, max_new_tokens: int) -> list[str]:
        """Summaries of one batch; with end_at_phrase, one still running at max_new_tokens is trimmed
        back to its last phrase boundary."""
        if processor is None or not processor.end_at_phrase:
            return decode_summaries(self.tokenizer, output.cpu())
        per_source = output.shape[0] // len(processor.sources)
        kept = []
        for row, sequence in enumerate(output.tolist()):
            written = processor.written(sequence)
            if len(written) >= max_new_tokens - 2:  # [CLS] + written + forced [SEP] = the cap
                written = written[:processor.phrase_length(row // per_source, written)]
            kept.append(list(written))
        return decode_summaries(self.tokenizer, [ids + [self.tokenizer.pad_token_id] * (output.shape[1] - len(ids))
                                                 for ids in kept])

    @torch.inference_mode()
    def summarize(self, texts: list[str], batch_size: int = 16, max_length: int | None = None,
                  sort_by_length: bool = True, **options_and_generate_kwargs) -> list[str]:
        """One summary per text, in input order. Raises ValueError naming a bad item's index.

        max_length: the most new tokens per summary (≈ Chinese characters); default from the
        model's generation_config; when given, the clause fallback offers no longer lead clause run either.
        Decoding options (default: as saved with the model):
        source_vocabulary_only (write only tokens found in the article), source_logits_only (do that by
        computing only those tokens' logits) and copy_bonus (favour continuing the article's phrases):
        zhnews/summary/source_vocabulary.py; span_copy, no_repeat_words, end_at_phrase, no_end_before_noun,
        new_span_penalty, backward_span_penalty, sentence_jump_penalty, clause_jump_penalty,
        verb_skip_penalty and verbless_end_penalty: zhnews/summary/span_copy.py; rerank_weight (pick among the
        beams with the headline LM) and fusion_weight (add its scores at every step): zhnews/summary/headline_lm.py; clause_fallback (a
        garbled, cut-off, unheadline-shaped or sentence-jumping summary gives way to whole lead clauses):
        zhnews/summary/fallback.py; with it, fluency_floor (a summary the fluency estimate puts below it gives
        way too) and clause_fluency_floor (clauses estimated below it are passed over): zhnews/summary/fluency.py.
        sort_by_length batches texts of similar length together (less padding; False only for
        benchmarks). Other keywords (num_beams, …) go to `generate`."""
        options, generate_kwargs = self._split_options(options_and_generate_kwargs)
        if not options["rerank_weight"]:
            beams = self._beams(texts, batch_size, max_length, sort_by_length, options, generate_kwargs, False)
            summaries = [candidates[0][0] for candidates in beams]
        else:
            beams = self._beams(texts, batch_size, max_length, sort_by_length, options, generate_kwargs, True)
            summaries = rerank(beams, score_beams(self.headline_scorer, beams), options["rerank_weight"])
        if options["clause_fallback"]:
            return [self._fallback(normalize_text(text), summary, options, max_length)
                    for text, summary in zip(texts, summaries)]
        return [in_source_case(summary, text) for text, summary in zip(texts, summaries)]

    def _fallback(self, article: str, summary: str, options: dict, max_length: int | None) -> str:
        if not uses_fluency_scorer(options):
            return clause_fallback(article, summary)
        return fluency_fallback(article, summary, self.fluency_scorer, options["fluency_floor"],
                                options["clause_fluency_floor"], max_chars=max_length)

    @torch.inference_mode()
    def candidates(self, texts: list[str], batch_size: int = 16, max_length: int | None = None,
                   **options_and_generate_kwargs) -> list[list[tuple[str, float]]]:
        """Every beam of every text: (summary, beam score) pairs, best beam first; the options of `summarize`."""
        options, generate_kwargs = self._split_options(options_and_generate_kwargs)
        return self._beams(texts, batch_size, max_length, True, options, generate_kwargs, True)

    def _split_options(self, given: dict) -> tuple[dict, dict]:
        """(decoding options, with the saved ones where not given; the rest, for generate)."""
        options = {k: given.pop(k, None) for k in DECODING_OPTIONS}
        options = {k: getattr(self, k) if v is None else v for k, v in options.items()}
        if (options["rerank_weight"] or options["fusion_weight"]) and self.headline_scorer is None:
            raise ValueError("rerank_weight and fusion_weight need a summariser loaded with its headline LM")
        if uses_fluency_scorer(options) and self.fluency_scorer is None:
            raise ValueError("fluency_floor and clause_fluency_floor need a summariser with a fluency scorer")
        return options, given

    def _beams(self, texts: list[str], batch_size: int, max_length: int | None, sort_by_length: bool,
               options: dict, generate_kwargs: dict, every_beam: bool) -> list[list[tuple[str, float]]]:
        """Per text, in input order: its best beam, or every beam best first, as (summary, beam score)."""
        input_ids, sources = self._encode(check_texts(texts), options["no_end_before_noun"])
        generate_kwargs = dict(generate_kwargs)
        if max_length is not None:
            generate_kwargs["max_new_tokens"] = max_length
            generate_kwargs["min_new_tokens"] = min(max_length, self.model.generation_config.min_new_tokens or 0)
        max_new_tokens = generate_kwargs.get("max_new_tokens", self.model.generation_config.max_new_tokens)
        order = (np.argsort([len(ids) for ids in input_ids], kind="stable") if sort_by_length
                 else np.arange(len(input_ids)))
        beams: list[list[tuple[str, float]]] = [[] for _ in input_ids]
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            batch = self.tokenizer.pad({"input_ids": [input_ids[i] for i in chunk]}, return_tensors="pt")
            batch = {k: batch[k].to(self.model.device) for k in MODEL_INPUTS}
            output, span_processor = self._generate(batch, [sources[i] for i in chunk], options, generate_kwargs,
                                                    every_beam)
            summaries = self._decode(output.sequences, span_processor, max_new_tokens)
            scores = (output.sequences_scores.float().cpu().tolist() if every_beam
                      else [float("nan")] * len(summaries))
            per_text = len(summaries) // len(chunk)
            for row, i in enumerate(chunk):
                beams[i] = list(zip(summaries[row * per_text:(row + 1) * per_text],
                                    scores[row * per_text:(row + 1) * per_text]))
        return beams

    def _generate(self, batch: dict, sources: list[SourceWords], options: dict, generate_kwargs: dict,
                  every_beam: bool = False) -> tuple[GenerateOutput, SpanCopyProcessor | None]:
        """generate() on one padded batch, with the source-side processors the options ask for."""
        restrict = options["source_vocabulary_only"]
        in_head = restrict and options["source_logits_only"]
        in_processor = restrict and not in_head
        vocab_size = self.model.config.vocab_size
        allowed = allowed_tokens(batch["input_ids"], vocab_size, self._always_allowed) if in_head else None
        processors = LogitsProcessorList()
        if in_processor or options["copy_bonus"]:
            processors.append(SourceVocabularyProcessor(batch["input_ids"], vocab_size, self._always_allowed,
                                                        restrict=in_processor, copy_bonus=options["copy_bonus"]))
        # no_end_before_noun is already in the SourceWords (their phrase ends)
        span_options = {option: options[option] for option in SPAN_COPY_OPTIONS
                        if option != "no_end_before_noun"}
        span_processor = self._span_copy_processor(sources, span_options) if any(span_options.values()) else None
        if span_processor is not None:
            processors.append(span_processor)
        if options["fusion_weight"]:
            processors.append(HeadlineFusion(self.headline_scorer, options["fusion_weight"]))
        kwargs = {"cache": beam_search_cache(self.model.config), "return_dict_in_generate": True,
                  **generate_kwargs}
        num_beams = kwargs.get("num_beams", self.model.generation_config.num_beams)
        if every_beam:  # every beam, with its score
            if num_beams < 2:
                raise ValueError("rerank_weight and candidates need beam search (num_beams >= 2)")
            kwargs.update(num_return_sequences=num_beams, output_scores=True)
        with source_logits_only(self.model, allowed, num_beams) if in_head else contextlib.nullcontext():
            output = self.model.generate(**batch, **kwargs, logits_processor=processors)
        return output, span_processor
