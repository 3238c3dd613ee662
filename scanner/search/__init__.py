"""Semantic search: dense (FAISS) and lexical (FTS5) rankings fused."""
