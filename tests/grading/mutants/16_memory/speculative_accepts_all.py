"""Accepts every proposal without comparing it with the target's choice."""
CELL = "speculative_generate"
REPLACE = [('while a < kk and out[0, n + a] == pred[a]:', 'while a < kk:')]
FAILS = ['test_speculative_generate']
