# CELL: model_size_bytes
# EXPECT: wrong
# WHY: ignores Tensors/arrays held inside list or tuple attributes
#| export
def model_size_bytes(model: Module) -> int:
    """Bytes of every array the model stores (Parameters, Tensor buffers such as int8 codes, plain ndarrays,
    also inside list/tuple attributes) in the model and all sub-modules; each array counted once."""
    seen, total = set(), 0
    for module in model.modules():
        for value in vars(module).values():
            array = value.data if isinstance(value, Tensor) else value
            if isinstance(array, np.ndarray) and id(array) not in seen:
                seen.add(id(array))
                total += array.nbytes
    return int(total)
