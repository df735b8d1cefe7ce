"""Suggestions: codebook rules (spaCy, Indonesian) and a classifier trained on codings.

``rules`` compiles patterns and applies negation and clause context from ``lang_id``;
``classifier`` trains and loads the ``textcat_multilabel`` model; ``engine`` runs both
over a corpus and stores the results. spaCy is imported only when one of them runs.
"""
