"""Compares proposal i with the target's argmax at the proposal's own position (one to the right)."""
CELL = "speculative_generate"
REPLACE = [('pred = logits.data[0, -(kk + 1):].argmax(axis=-1)', 'pred = np.append(logits.data[0, -kk:].argmax(axis=-1), logits.data[0, -1].argmax()) if kk else logits.data[0, -1:].argmax(axis=-1)')]
FAILS = ['test_speculative_generate']
