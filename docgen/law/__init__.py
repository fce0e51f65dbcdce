"""French legal computations: interest and penalties, the rates and their sources, courts.

Owns the law's arithmetic and data; never imports the Word or PDF side, nor bulk generation.
"""
