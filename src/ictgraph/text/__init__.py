"""Arabic text handling: normalisation with an offset map, sentences, numbers, dates."""
