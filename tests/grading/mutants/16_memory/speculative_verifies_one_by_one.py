"""The target checks the proposals one cached step at a time: kk + 1 target calls per round, no saving."""
CELL = "speculative_generate"
REPLACE = [('            logits = cached_forward(target, out[:, tc.length:n + kk], tc)     # ONE target step verifies them all\n            pred = logits.data[0, -(kk + 1):].argmax(axis=-1)', '            pred = []\n            for j in range(kk + 1):\n                pred.append(cached_forward(target, out[:, tc.length:n + j], tc).data[0, -1].argmax())')]
FAILS = ['test_speculative_generate']
