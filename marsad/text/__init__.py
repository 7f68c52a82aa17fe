"""Text stage: normalisation for matching, tokens, sentences, language, dates, stems, duplicates."""
