"""Evaluation pictures: confusion matrix and reliability diagram (PNG, no display needed)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def confusion_matrix_text(matrix: list[list[int]], labels: list[str]) -> str:
    width = max(len(label) for label in labels) + 2
    lines = ["true \\ predicted".ljust(width) + "".join(label[:8].rjust(10) for label in labels)]
    for label, row in zip(labels, matrix):
        lines.append(label.ljust(width) + "".join(str(n).rjust(10) for n in row))
    return "\n".join(lines) + "\n"


def save_confusion_matrix(matrix: list[list[int]], labels: list[str], title: str, path: str) -> None:
    matrix = np.asarray(matrix)
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=40, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for (i, j), n in np.ndenumerate(matrix):
        ax.text(j, i, str(n), ha="center", va="center", color="white" if n > matrix.max() / 2 else "black")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def save_reliability_diagram(curves: dict[str, tuple[np.ndarray, np.ndarray]], path: str, n_bins: int = 10) -> None:
    """curves: name -> (probabilities, labels). Accuracy per confidence bin against the diagonal."""
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], "k--", linewidth=1)
    edges = np.linspace(0, 1, n_bins + 1)
    for name, (probabilities, labels) in curves.items():
        confidence = probabilities.max(axis=1)
        correct = probabilities.argmax(axis=1) == labels
        xs, ys = [], []
        for low, high in zip(edges[:-1], edges[1:]):
            in_bin = (confidence > low) & (confidence <= high)
            if in_bin.any():
                xs.append(confidence[in_bin].mean())
                ys.append(correct[in_bin].mean())
        ax.plot(xs, ys, "o-", label=name)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
