# CELL: model_size_bytes
# EXPECT: wrong
# WHY: de-duplicates by Tensor identity: two Tensors wrapping the same ndarray are counted twice (the array is what is stored)
#| export
def model_size_bytes(model: Module) -> int:
    """Bytes of every array the model stores (Parameters, Tensor buffers such as int8 codes, plain ndarrays,
    also inside list/tuple attributes) in the model and all sub-modules; each array counted once."""
    seen, total = set(), 0
    for module in model.modules():
        for value in vars(module).values():
            for item in (value if isinstance(value, (list, tuple)) else (value,)):
                if id(item) in seen:
                    continue
                array = item.data if isinstance(item, Tensor) else item
                if isinstance(array, np.ndarray):
                    seen.add(id(item))
                    total += array.nbytes
    return int(total)
