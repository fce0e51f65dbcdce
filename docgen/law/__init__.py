"""French legal computations: interest, penalties, rates, courts; never the Word, PDF or bulk."""
