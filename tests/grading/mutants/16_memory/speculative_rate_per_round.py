"""acceptance_rate = accepted tokens per round, not per proposal."""
CELL = "speculative_generate"
REPLACE = [('stats["accepted"] / stats["proposed"] if stats["proposed"] else 0.0', 'stats["accepted"] / stats["rounds"] if stats["rounds"] else 0.0')]
FAILS = ['test_speculative_generate']
