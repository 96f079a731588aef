# Alternative: gradual pruning (50 %, fine-tune, then 70 %, fine-tune again, each with its own fixed seed) on the given
# training data only, then static int8 calibrated on every 6th given training image, stored sparsely (the default
# sparse="auto" picks the bitmap format for these 70 %-zero layers). Deterministic whatever the global RNG state.
### BEGIN SOLUTION
m = copy.deepcopy(model)
for step, sparsity in enumerate((0.5, 0.7)):
    masks = global_magnitude_prune(m, sparsity)
    fine_tune(m, masks, X_train, y_train, epochs=2, seed=10 + step)
return quantize_model(m, [X_train[::6]])
### END SOLUTION
