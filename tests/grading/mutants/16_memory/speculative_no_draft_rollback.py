"""The draft cache is never rolled back: its next proposals see the rejected tokens (output right, acceptance wrong)."""
CELL = "speculative_generate"
REPLACE = [('            dc.truncate(min(dc.length, n - 1))\n', '            dc.truncate(dc.length)\n')]
FAILS = ['test_speculative_generate']
