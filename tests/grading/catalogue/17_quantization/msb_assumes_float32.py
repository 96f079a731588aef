# CELL: model_size_bytes
# EXPECT: wrong
# WHY: counts array.size * 4 (assumes float32): int8 codes and other dtypes are mis-counted
#| export
def model_size_bytes(model: Module) -> int:
    """Bytes of every array the model stores (Parameters, Tensor buffers such as int8 codes, plain ndarrays,
    also inside list/tuple attributes) in the model and all sub-modules; each array counted once."""
    seen, total = set(), 0
    for module in model.modules():
        for value in vars(module).values():
            for item in (value if isinstance(value, (list, tuple)) else (value,)):
                array = item.data if isinstance(item, Tensor) else item
                if isinstance(array, np.ndarray) and id(array) not in seen:
                    seen.add(id(array))
                    total += array.size * 4
    return int(total)
