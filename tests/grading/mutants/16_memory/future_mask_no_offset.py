"future_mask ignores start: the triangle is not shifted, so a chunk after a prefill cannot see its own past."
REPLACES = "future_mask"
FAILS = ["test_future_mask", "test_cached_attention", "test_cached_forward"]


def future_mask(t_new, start):
    return np.triu(np.ones((t_new, start + t_new), dtype=bool), k=1)    # BUG: k=start + 1
