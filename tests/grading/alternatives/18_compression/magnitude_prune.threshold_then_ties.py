# Alternative: a threshold, done right: everything strictly below the k-th smallest |w| goes, then just enough of the
# entries equal to it, in flat-index order (exact count with ties at the cut; no full sort of the ranking).
### BEGIN SOLUTION
sparsity = check_fraction(sparsity, "sparsity", "magnitude_prune")
flat = np.abs(np.asarray(weight)).ravel()
n_prune = round(sparsity * flat.size)
keep = np.ones(flat.size, dtype=bool)
if n_prune > 0:
    cut = np.partition(flat, n_prune - 1)[n_prune - 1]
    below = flat < cut
    keep[below] = False
    ties = np.flatnonzero(flat == cut)[:n_prune - int(below.sum())]
    keep[ties] = False
return keep.reshape(np.shape(weight))
### END SOLUTION
