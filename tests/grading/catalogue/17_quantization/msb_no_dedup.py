# CELL: model_size_bytes
# EXPECT: wrong
# WHY: counts every reference: an array shared by two modules (weight tying) is counted twice (spec: each array once)
#| export
def model_size_bytes(model: Module) -> int:
    """Bytes of every array the model stores (Parameters, Tensor buffers such as int8 codes, plain ndarrays,
    also inside list/tuple attributes) in the model and all sub-modules; each array counted once."""
    seen, total = set(), 0
    for module in model.modules():
        for value in vars(module).values():
            for item in (value if isinstance(value, (list, tuple)) else (value,)):
                array = item.data if isinstance(item, Tensor) else item
                if isinstance(array, np.ndarray):
                    seen.add(id(array))
                    total += array.nbytes
    return int(total)
