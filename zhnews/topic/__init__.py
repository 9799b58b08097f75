"""Topic labels: the classifier (classifier.py), its training (config, data, trainer, teacher for
distillation, evaluation), long-document windows (long_doc), calibration, metrics and the TF-IDF peer
(baseline)."""
