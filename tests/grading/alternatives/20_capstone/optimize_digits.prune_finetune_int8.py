# Alternative: a fine-tuning solution (uses y_train): a deep copy pruned to 50 % (global magnitude), fine-tuned with
# a fixed seed on the given training data only, then static INT8 calibrated on every 6th given training image.
# Deterministic whatever the global RNG state; never touches the notebook's data.
### BEGIN SOLUTION
m = copy.deepcopy(model)
masks = global_magnitude_prune(m, 0.5)
fine_tune(m, masks, X_train, y_train, epochs=2, seed=1)
return quantize_model(m, [X_train[::6]])
### END SOLUTION
