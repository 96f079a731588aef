# Alternative: the mask from broadcasting absolute key positions against absolute query positions.
### BEGIN SOLUTION
query_positions = start + np.arange(t_new)
key_positions = np.arange(start + t_new)
return key_positions[None, :] > query_positions[:, None]
### END SOLUTION
