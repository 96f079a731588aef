# Alternative: the mask from broadcasting absolute key positions against absolute query positions.
#| export
def future_mask(t_new: int, start: int) -> np.ndarray:
    "bool (t_new, start + t_new): True where key j is in the future of new query i (absolute position start + i)."
    ### BEGIN SOLUTION
    query_positions = start + np.arange(t_new)
    key_positions = np.arange(start + t_new)
    return key_positions[None, :] > query_positions[:, None]
    ### END SOLUTION
