"""The dispute file: its facts, its dated events, what comes next and the cases of its documents.

It builds on the case facts, the document types and the legal computations, and never imports
the Word, PDF or bulk side: a dossier's documents are generated like any other case.
"""
