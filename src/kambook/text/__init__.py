"""The floor every stage stands on: text algorithms with no knowledge of books, files or outputs."""
