"""Embeddings (sentence-transformers) and the FAISS index built from them."""
