"""Bulk generation: batches, archives, process pool, JSON and sheets in; never imported below."""
