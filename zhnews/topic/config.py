"""Everything a topic-classification run needs, read from one YAML file (configs/topic/*.yaml)."""

from dataclasses import dataclass, field

from zhnews.labels import TOPIC_LABELS
from zhnews.topic.long_doc import STRATEGIES
from zhnews.paths import SHARED_DATA_DIR
from zhnews.topic.data import DEFAULT_LABEL_MAPS, TOPIC_TRAIN_END_DATE

CLASS_WEIGHTINGS = ("none", "balanced", "sqrt")


@dataclass
class TopicConfig:
    model_name_or_path: str
    """Hub id (bert-base-chinese) or local folder of a BERT checkpoint to fine-tune."""
    output_dir: str
    """The run folder: final model, metrics.json, confusion matrices, calibration plot, model card."""
    do_train: bool = True
    """false: no training; calibrate, score and save model_name_or_path (a classifier) as this run's model."""
    labels: list[str] = field(default_factory=lambda: list(TOPIC_LABELS))
    max_length: int = 256
    """Tokens per window, [CLS] and [SEP] included (at most 512 for BERT)."""
    long_document: str = "head_tail"
    """head | head_tail | chunk (windows over the whole article, logits averaged)."""
    max_chunks: int = 8
    chunk_stride: int | None = None
    """Tokens from one chunk window's start to the next; null: half a window (windows overlap by half)."""
    exit_confidence: float | None = None
    """Chunk reading at inference: an article whose first window's top probability (softmax of its logits)
    reaches this is labelled from that window alone; null: always read every window. Training reads all."""
    lead_chars: int | None = None
    """At inference, also read each article's first lead_chars characters (headline and lead) as one more
    window, which counts as lead_weight windows in the mean; null: no lead window."""
    lead_weight: float = 1.0
    bert_weight: float = 1.0
    """Below 1: also fit a char 1–3-gram logistic regression on the training rows (zhnews/topic/ngram.py),
    saved in the model folder, and label by p ∝ p_bert ** bert_weight · p_ngram ** (1 − bert_weight)."""
    ngram_max_features: int | None = None
    """The n-gram part's vocabulary: the most frequent N n-grams; null: every one seen in two texts."""
    ngram_C: float = 10.0
    """Inverse regularisation strength of the n-gram logistic regression."""
    class_weighting: str = "sqrt"
    """none | balanced (inverse frequency) | sqrt (square root of balanced: milder)."""
    learning_rate: float = 1e-4
    epochs: float = 3
    batch_size: int = 16
    eval_batch_size: int = 64
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    max_minutes: float | None = None
    """Stop after this much training wall time (scoring and saving that step); the best epoch is kept."""
    early_stopping_patience: int = 2
    """Stop when dev macro-F1 has not improved for this many epochs; the best epoch is kept."""
    seed: int = 42
    bf16: bool | str = "auto"
    train_file: str | None = None
    """Your own data instead of ../shared: JSON lines or CSV with `text` and `label` (a label name)."""
    dev_file: str | None = None
    newspaper_train: bool = True
    """Add the labelled People's Daily 2019–2020 articles to train (newspaper_dev is scored either way)."""
    train_end_date: str = TOPIC_TRAIN_END_DATE
    """Last 新闻联播 date in train (YYYY-MM-DD); it must precede every dev article's date."""
    extra_sources: list[str] = field(default_factory=list)
    """Mapped corpora added to train (names in label_maps_file), e.g. [fudan, tnews]."""
    ood_source: str | None = "thucnews"
    """Mapped corpus scored as an out-of-domain dev set; null for none."""
    label_maps_file: str = str(DEFAULT_LABEL_MAPS)
    data_dir: str = str(SHARED_DATA_DIR)
    train_limit: int | None = None
    """Use only the first N training rows (quick experiments)."""
    run_peer: bool = True
    """Also train and score the TF-IDF + LinearSVC peer on the same split."""
    save_fp16: bool = True
    """Store weights in fp16 (half the size); the run checks that dev macro-F1 holds."""
    eval_steps: int | None = None
    """Score dev (and keep the best checkpoint) every N steps instead of every epoch."""
    soft_labels_file: str | None = None
    """Distillation: a teacher's soft_labels.jsonl.gz (training/run_topic_teacher.py). It replaces train:
    labelled rows learn from their gold label and the teacher, unlabelled rows from the teacher alone."""
    soft_label_sources: list[str] | None = None
    """Use only these sources of the soft-label file (its `source` column); null: all of them."""
    distill_temperature: float = 2.0
    gold_loss_weight: float = 0.5
    """Share of the gold cross-entropy in a labelled row's loss; the rest is the KL to the teacher."""
    gold_only_epochs: float = 0.0
    """After distillation, this many epochs on the gold labels alone."""
    gold_only_learning_rate: float | None = None
    """Learning rate of those epochs (default: learning_rate)."""
    train_on_dev: bool = False
    """The final model of a recipe: the selection dev splits (新闻联播 dev, newspaper_dev) join train, so this
    run's scores on them are in-sample; its dev figures and temperature come from held_out_run."""
    held_out_run: str | None = None
    """With train_on_dev: the folder of the train-only run of the same recipe (its metrics.json)."""

    def __post_init__(self):
        if self.long_document not in STRATEGIES:
            raise ValueError(f"long_document must be one of {STRATEGIES}, not {self.long_document!r}")
        if self.class_weighting not in CLASS_WEIGHTINGS:
            raise ValueError(f"class_weighting must be one of {CLASS_WEIGHTINGS}")
        if not 8 <= self.max_length <= 512:
            raise ValueError("max_length must be between 8 and 512")
        if self.lead_chars is not None and (self.lead_chars < 1 or self.lead_weight <= 0):
            raise ValueError("lead_chars must be >= 1 and lead_weight > 0 (or lead_chars null: no lead window)")
        if not 0 <= self.bert_weight <= 1:
            raise ValueError("bert_weight must be in [0, 1] (1: the BERT alone, no n-gram part)")
        if len(set(self.labels)) != len(self.labels) or len(self.labels) < 2:
            raise ValueError("labels must be at least two distinct names")
        if (self.train_file is None) != (self.dev_file is None):
            raise ValueError("give both train_file and dev_file, or neither")
        if str(self.train_end_date) > TOPIC_TRAIN_END_DATE:
            raise ValueError(f"train_end_date must be at most {TOPIC_TRAIN_END_DATE}: later dates overlap dev")
        if not 0 <= self.gold_loss_weight <= 1 or self.distill_temperature <= 0:
            raise ValueError("gold_loss_weight must be in [0, 1] and distill_temperature positive")
        if self.gold_only_epochs and not self.soft_labels_file:
            raise ValueError("gold_only_epochs follows distillation: set soft_labels_file too")
        if self.train_on_dev and not self.held_out_run:
            raise ValueError("train_on_dev scores dev in-sample: name the train-only run in held_out_run")
        if self.train_file is None and list(self.labels) != list(TOPIC_LABELS):
            raise ValueError(f"the shared data is labelled with {list(TOPIC_LABELS)}")
