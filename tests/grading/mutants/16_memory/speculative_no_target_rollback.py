"""The target cache is never rolled back: rejected proposals stay in its keys and values."""
CELL = "speculative_generate"
REPLACE = [('            tc.truncate(n - 1)                                      # forget the rejected positions\n', '')]
FAILS = ['test_speculative_generate']
