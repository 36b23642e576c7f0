"""Index layer: embeddings, the Chroma store, the BM25 keyword index, indexing and ingest."""
