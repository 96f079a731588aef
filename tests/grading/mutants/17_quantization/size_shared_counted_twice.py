"""model_size_bytes counts a shared (tied) weight once per module that holds it."""
CELL = "model_size_bytes"
REPLACE = [("if isinstance(array, np.ndarray) and id(array) not in seen:", "if isinstance(array, np.ndarray):")]
FAILS = ["test_model_size_bytes"]
