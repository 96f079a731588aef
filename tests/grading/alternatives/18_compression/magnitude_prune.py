# Alternative: np.lexsort on (|w|, flat index) for the tie rule, np.rint (half to even) for the count.
### BEGIN SOLUTION
sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
magnitude = np.abs(np.asarray(weight)).reshape(-1)
n_prune = int(np.rint(sparsity * magnitude.size))
pruned = np.lexsort((np.arange(magnitude.size), magnitude))[:n_prune]
mask = np.ones(magnitude.size, dtype=bool)
mask[pruned] = False
return mask.reshape(np.shape(weight))
### END SOLUTION
