"""Rendering: the transformed book to HTML strings (site pages, the print document). No file is written here."""
