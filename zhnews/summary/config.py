"""Everything a summarisation run needs, read from one YAML file (configs/summary/*.yaml)."""

from dataclasses import dataclass, field

from zhnews.paths import SHARED_DATA_DIR, SHARED_VOCAB_FILE

SUMMARY_SOURCES = ("xwlb", "rmrb", "lcsts", "sogoucs")


def _default_mix() -> dict[str, dict]:
    """Each large source about a third of the pairs (≈ 10,900 新闻联播, 8,750 People's Daily, 9,560
    LCSTS), so none drowns the others; SogouCS (141) seen twice."""
    return {"xwlb": {"weight": 1.0}, "rmrb": {"weight": 1.0}, "lcsts": {"weight": 1.0}, "sogoucs": {"weight": 2.0}}


@dataclass
class SummaryConfig:
    output_dir: str
    """The run folder: final model (with generation_config.json and README.md), metrics.json, predictions."""
    do_train: bool = True
    """false: no training; re-save and evaluate the zhnews summariser in model_name_or_path (a training
    run's output_dir) with this file's decoding settings (num_beams … copy_bonus)."""
    model_name_or_path: str | None = None
    """Hub id (fnlp/bart-base-chinese) or folder of a BART checkpoint to fine-tune; null builds a new
    BART from the size keys below."""
    warm_start_from: str | None = None
    """A zhnews BERT folder (configs/pretrain) whose embeddings and layers initialise the new BART's
    encoder and decoder; its sizes then replace d_model, attention_heads and ffn_dim."""
    vocab_file: str = str(SHARED_VOCAB_FILE)
    """bert-base-chinese vocab.txt for a new BART (not used with model_name_or_path or warm_start_from)."""
    d_model: int = 256
    encoder_layers: int = 3
    decoder_layers: int = 3
    attention_heads: int = 4
    ffn_dim: int = 1024
    max_position_embeddings: int = 512
    dropout: float = 0.1

    max_source_length: int = 256
    """Article tokens fed to the encoder. Articles are normalised and cut to their lead: the first
    max_source_length characters (≈ tokens for Chinese), i.e. the first paragraphs."""
    max_target_length: int = 48
    """Headline tokens kept for training ([CLS] and [SEP] included)."""
    label_smoothing: float = 0.1
    learning_rate: float = 3e-4
    epochs: float = 10
    batch_size: int = 32
    gradient_accumulation_steps: int = 1
    eval_batch_size: int = 64
    warmup_ratio: float = 0.05
    weight_decay: float = 0.01
    early_stopping_patience: int = 2
    """Stop when dev ROUGE-L (characters) has not improved for this many evaluations; the best is kept."""
    eval_steps: int | None = None
    """Evaluate (generate on dev) every N steps; null: once per epoch."""
    max_steps: int | None = None
    """Train for exactly this many optimiser steps (the LR schedule spans them) instead of `epochs`."""
    max_minutes: float | None = None
    """Wall-time budget: stop, score and save after this many minutes even if steps remain."""
    seed: int = 42
    bf16: bool | str = "auto"

    data_dir: str = str(SHARED_DATA_DIR)
    data_mix: dict[str, dict] = field(default_factory=_default_mix)
    """Training sources: {name: {weight, cap}}. cap keeps at most that many pairs (a seeded sample);
    weight repeats them (1.5 = all once plus a random half again); weight 0 drops the source."""
    max_headline_repeats: int | None = 3
    """新闻联播 headlines recur (meeting titles, 《求是》 issues); keep at most this many training
    stories per identical headline so the model does not learn stock phrases."""
    max_target_novelty: float | None = None
    """Train only on pairs whose summary has at most this share of characters absent from what the model
    reads (the article's first max_source_length characters); null: all pairs. With source_vocabulary_only
    the decoder can write no other characters, so a summary it cannot copy teaches it words it will be
    kept from writing."""
    train_file: str | None = None
    """Your own pairs instead of ../shared: JSON lines with `text` and `summary`."""
    dev_file: str | None = None
    train_limit: int | None = None
    """Use only the first N training pairs after mixing (quick experiments)."""
    dev_eval_limit: int | None = 400
    """Dev pairs generated at each in-training evaluation (a fixed seeded sample); null: all."""
    eval_limit: int | None = None
    """Pairs per split in the final evaluation (smoke runs); null: all."""
    run_peers: bool = True
    """Also score Lead-1, Lead-1 cut to the model's mean length and TextRank on the same splits."""

    num_beams: int = 4
    no_repeat_ngram_size: int = 3
    length_penalty: float = 1.0
    min_new_tokens: int = 8
    max_new_tokens: int = 40
    early_stopping: bool = False
    """Decoding settings; saved in the model's generation_config.json and used at every evaluation.
    early_stopping=true ends beam search at the first num_beams finished hypotheses (shorter, and worse:
    bench/rating-finish/); false runs it until no open beam can beat a finished one."""
    source_vocabulary_only: bool = False
    """Let the decoder write only tokens found in the article (plus common punctuation): a hard brake
    on invented words."""
    source_logits_only: bool = False
    """With source_vocabulary_only: compute the output layer only for the article's tokens, so that each
    softmax runs over them (renormalised): faster, and as good (bench/bench_summary.py)."""
    copy_bonus: float = 0.0
    """Added to the log-probability of a token that continues one of the article's bigrams after the
    token just written: favours copying whole phrases. This and source_vocabulary_only are saved with
    the model (config.json `zhnews`) and used by Summarizer; in-training dev checks decode without them."""
    span_copy: bool = False
    """Copy whole article words: continue the current copied span, or start a new one at an article
    word start once the last ended at a word end (zhnews/summary/span_copy.py; saved like copy_bonus)."""
    no_repeat_words: bool = False
    """Never complete an article word (jieba, 2+ tokens) a second time."""
    end_at_phrase: bool = False
    """End only at a phrase boundary of the article (a word end, not after 的/对/和), and trim a summary
    still running at max_new_tokens back to its last one."""

    no_end_before_noun: bool = False
    """With end_at_phrase: nor end where the article's phrase goes on with a noun or a name."""
    new_span_penalty: float = 0.0
    """With span_copy: log-probability taken off each new span after the first, so beam search prefers
    headlines copied in few long spans (saved like copy_bonus)."""
    backward_span_penalty: float = 0.0
    """With span_copy: log-probability taken off a new span that starts only before where the previous one
    stands in the article, so beam search keeps the article's word order (100 bans going back; saved like
    copy_bonus)."""
    sentence_jump_penalty: float = 0.0
    """With span_copy: log-probability taken off a new span that starts only outside the sentence the previous
    one stands in, so beam search copies a headline from one sentence (saved like copy_bonus)."""
    clause_jump_penalty: float = 0.0
    """The same for a new span outside the previous one's clause (up to ，；：); it adds to
    sentence_jump_penalty where both apply."""
    verb_skip_penalty: float = 0.0
    """The same for a new span that skips a verb of the article (by jieba's dictionary tags)."""
    verbless_end_penalty: float = 0.0
    """With span_copy: log-probability taken off the end token while the summary has no predicate (a verb not
    right before 的 or 之), so beam search goes on from a bare subject or setting to the event."""

    headline_lm: str | None = None
    """A headline LM folder (training/run_headline_lm.py) saved inside the summariser (headline_lm/)
    to pick among the beams with (zhnews/summary/headline_lm.py)."""
    rerank_weight: float = 0.0
    """With headline_lm: beam score + rerank_weight × headline-LM score picks the summary (0: off)."""

    clause_fallback: bool = False
    """A summary the garble measures flag (a stitch, a doubled character), that is cut off, has no headline's
    shape or joins spans of two sentences gives way to the run of whole
    lead clauses most like it (zhnews/summary/fallback.clause_fallback; saved like copy_bonus)."""
    fluency_scorer: str | None = None
    """A folder holding fluency_scorer.json (training/run_fluency_scorer.py, or a summariser that carries one),
    saved inside the summariser, for fluency_floor and clause_fluency_floor."""
    fluency_floor: float = 0.0
    """With clause_fallback: a summary the fluency estimate puts below this also gives way to lead clauses
    (zhnews/summary/fallback.fluency_fallback; 0: off)."""
    clause_fluency_floor: float = 0.0
    """With clause_fallback: lead clauses estimated below this are passed over (0: off)."""

    card_notes: str | None = None
    """A paragraph for the model card's "Release notes": what changed against the model this one
    replaces, and any trade-off (kept by do_train=false re-decoding)."""

    def __post_init__(self):
        if not self.do_train and not self.model_name_or_path:
            raise ValueError("do_train=false evaluates the trained summariser in model_name_or_path: give it")
        if self.do_train and self.model_name_or_path and self.warm_start_from:
            raise ValueError("give model_name_or_path (fine-tune a BART) or warm_start_from (a BERT), not both")
        if self.d_model % self.attention_heads:
            raise ValueError("d_model must be a multiple of attention_heads")
        if not 16 <= self.max_source_length <= self.max_position_embeddings:
            raise ValueError("max_source_length must be between 16 and max_position_embeddings")
        if not 4 <= self.max_target_length <= self.max_position_embeddings:
            raise ValueError("max_target_length must be between 4 and max_position_embeddings")
        if not 0 <= self.min_new_tokens <= self.max_new_tokens:
            raise ValueError("need 0 <= min_new_tokens <= max_new_tokens")
        if self.max_steps is not None and self.max_steps < 1:
            raise ValueError("max_steps must be >= 1 (or null to train for `epochs`)")
        penalties = ("copy_bonus", "new_span_penalty", "backward_span_penalty", "sentence_jump_penalty",
                     "clause_jump_penalty", "verb_skip_penalty", "verbless_end_penalty", "rerank_weight")
        if min(getattr(self, name) for name in penalties) < 0:
            raise ValueError(f"{', '.join(penalties)} must be >= 0")
        if self.rerank_weight and (not self.headline_lm or self.num_beams < 2):
            raise ValueError("rerank_weight needs a headline_lm and num_beams >= 2")
        if not (0 <= self.fluency_floor <= 1 and 0 <= self.clause_fluency_floor <= 1):
            raise ValueError("fluency_floor and clause_fluency_floor are estimates in [0, 1]")
        if (self.fluency_floor or self.clause_fluency_floor) and not (self.fluency_scorer and self.clause_fallback):
            raise ValueError("fluency_floor and clause_fluency_floor need a fluency_scorer and clause_fallback: true")
        if self.num_beams < 1 or not 0 <= self.label_smoothing < 1:
            raise ValueError("num_beams must be >= 1 and label_smoothing in [0, 1)")
        if self.max_target_novelty is not None and not 0 <= self.max_target_novelty <= 1:
            raise ValueError("max_target_novelty must be a share in [0, 1] (or null for all pairs)")
        if (self.train_file is None) != (self.dev_file is None):
            raise ValueError("give both train_file and dev_file, or neither")
        for name, spec in self.data_mix.items():
            if name not in SUMMARY_SOURCES:
                raise ValueError(f"data_mix: unknown source {name!r}; sources are {SUMMARY_SOURCES}")
            if set(spec) - {"weight", "cap"} or float(spec.get("weight", 1)) < 0:
                raise ValueError(f"data_mix.{name} must be {{weight: >= 0, cap: int or null}}, not {spec}")
        if self.train_file is None and not any(float(s.get("weight", 1)) > 0 for s in self.data_mix.values()):
            raise ValueError("data_mix gives every source weight 0: nothing to train on")
