# Alternative: arrays deduplicated in a dict keyed by id, summed at the end.
#| export
def model_size_bytes(model: Module) -> int:
    """Bytes of every array the model stores (Parameters, Tensor buffers such as int8 codes, plain ndarrays,
    also inside list/tuple attributes) in the model and all sub-modules; each array counted once."""
    ### BEGIN SOLUTION
    arrays = {}
    for module in model.modules():
        for value in module.__dict__.values():
            for item in (list(value) if isinstance(value, (list, tuple)) else [value]):
                array = item.data if isinstance(item, Tensor) else item
                if isinstance(array, np.ndarray):
                    arrays[id(array)] = array
    return int(sum(a.nbytes for a in arrays.values()))
    ### END SOLUTION
