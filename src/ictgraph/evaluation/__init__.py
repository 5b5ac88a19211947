"""Measured quality: score a built graph against hand-written gold facts.

gold (load and check the gold files) → triple_index (read the graph files
into a lookup index) → graphview (read the same kinds of facts from the
graph, per document) → matching (tolerant comparison of names and items) →
scoring (one-to-one matching, precision and recall) → report (text or
JSON). ictgraph.evaluate is the entry point.
"""
