"""Text helpers every stage shares: accent folding, language detection, keyword matching."""
