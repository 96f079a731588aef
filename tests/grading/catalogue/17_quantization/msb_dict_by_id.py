# CELL: model_size_bytes
# EXPECT: correct
# WHY: collects arrays in a dict keyed by id (first seen wins) and sums nbytes at the end
#| export
def model_size_bytes(model: Module) -> int:
    """Bytes of every array the model stores (Parameters, Tensor buffers such as int8 codes, plain ndarrays,
    also inside list/tuple attributes) in the model and all sub-modules; each array counted once."""
    arrays = {}
    for module in model.modules():
        for value in module.__dict__.values():
            items = list(value) if isinstance(value, (list, tuple)) else [value]
            for item in items:
                if isinstance(item, Tensor):
                    item = item.data
                if isinstance(item, np.ndarray):
                    arrays.setdefault(id(item), item)
    return int(sum(a.nbytes for a in arrays.values()))
