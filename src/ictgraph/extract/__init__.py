"""Extraction: from a document's sentences to Facts with Evidence.

Each module here is one family of rules; extract/pipeline.py runs them in order.
"""
