"""model_size_bytes de-duplicates by the Tensor object, not by the array it holds: two Tensors around one ndarray are
counted twice (spec: the array is what is stored; identify arrays by id(array), not by the Tensor around them)."""
CELL = "model_size_bytes"
REPLACE = [("if isinstance(array, np.ndarray) and id(array) not in seen:",
            "if isinstance(array, np.ndarray) and id(item) not in seen:   # BUG: the Tensor's id"),
           ("seen.add(id(array))", "seen.add(id(item))")]
FAILS = ["test_model_size_bytes"]
