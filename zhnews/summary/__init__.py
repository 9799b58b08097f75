"""Headline-length summaries: the summariser (summarizer.py) and its decoding constraints (span_copy,
source_vocabulary), its training (config, data, model, trainer), and its measures (rouge_metric, garble,
the extractive peers, the blind-rating kit)."""
