"""From fetched pages to articles: main text and metadata, then near-duplicate stories."""
