"""A language's view of the content: dates in its words, translations laid over the originals."""
