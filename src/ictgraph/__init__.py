"""ictgraph: a knowledge graph of regional ICT cooperation, built from Arabic news."""

__version__ = "0.1.0"
