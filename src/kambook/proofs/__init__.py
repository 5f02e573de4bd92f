"""Proof rounds: what each build's PDFs held, and what changed between two rounds.

Every build that writes a PDF keeps a record of it (``record``); ``kambook diff`` reads two records, or two
PDFs, aligns their words (``pages``, ``compare``), ties the changes to the manuscript's lines (``sources``)
and writes a report the author, the editor and the proofreader can read side by side (``report``).
"""
