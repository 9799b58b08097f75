import numpy as np
import pytest

from zhnews.topic.calibration import expected_calibration_error, fit_temperature, softmax
from zhnews.topic.classification_metrics import classification_scores
from zhnews.labels import LABEL2ID


def test_scores_on_known_predictions():
    industry, culture, other = LABEL2ID["industry"], LABEL2ID["culture"], LABEL2ID["other"]
    references = [industry, industry, culture, other]
    predictions = [industry, culture, culture, other]
    scores = classification_scores(predictions, references)
    assert scores["accuracy"] == 0.75
    assert scores["per_class"]["industry"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3),
                                               "support": 2}
    assert scores["per_class"]["culture"]["precision"] == 0.5
    # macro-F1 over the classes present in the references: (2/3 + 2/3 + 1) / 3
    assert scores["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert scores["confusion_matrix"][industry][culture] == 1


def test_perfectly_calibrated_predictions_have_zero_ece():
    probabilities = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert expected_calibration_error(probabilities, np.array([0, 1])) == 0.0
    assert expected_calibration_error(probabilities, np.array([1, 0])) == 1.0


def test_temperature_scaling_cools_an_overconfident_model():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 2000)
    logits = rng.normal(size=(2000, 3))
    logits[np.arange(2000), labels] += 1.0  # right ~55% of the time ...
    logits *= 8  # ... but nearly certain every time
    temperature = fit_temperature(logits, labels)
    assert temperature > 3
    before = expected_calibration_error(softmax(logits), labels)
    after = expected_calibration_error(softmax(logits, temperature), labels)
    assert after < before / 3
