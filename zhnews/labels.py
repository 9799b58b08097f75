"""The topic label set: the single place that lists the labels and their order."""

TOPIC_LABELS: tuple[str, ...] = (
    "industry",
    "culture",
    "environment",
    "public_service",
    "energy",
    "other",
)
ABSTAIN_LABEL = "abstain"

LABEL2ID: dict[str, int] = {label: i for i, label in enumerate(TOPIC_LABELS)}
ID2LABEL: dict[int, str] = dict(enumerate(TOPIC_LABELS))
