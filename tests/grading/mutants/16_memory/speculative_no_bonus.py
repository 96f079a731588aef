"""No bonus token: when all proposals match, the target's next token is thrown away (same text, more rounds)."""
CELL = "speculative_generate"
REPLACE = [('            out[0, n + a] = pred[a]                                 # correction, or bonus if all kk matched\n            n += a + 1', '            if a < kk or kk == 0:\n                out[0, n + a] = pred[a]\n                n += 1\n            n += a')]
FAILS = ['test_speculative_generate']
