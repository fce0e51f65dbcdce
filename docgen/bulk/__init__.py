"""Bulk generation: batches and their archives, the pool of processes, JSON and spreadsheets in.

Builds on single generation (``docgen.generate``); nothing below it imports this package.
"""
