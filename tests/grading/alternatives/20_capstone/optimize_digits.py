# Alternative: the same three tools with other settings: 70 % global pruning, masked fine-tuning (4 epochs, seed 0),
# then DYNAMIC per-tensor int8 (no calibration data at all; activation scales computed per batch), stored sparsely.
### BEGIN SOLUTION
pruned = copy.deepcopy(model)
masks = global_magnitude_prune(pruned, 0.7)
fine_tune(pruned, masks, X_train, y_train, epochs=4, seed=0)
return quantize_model(pruned, observer=None, per_channel=False, sparse="auto")
### END SOLUTION
