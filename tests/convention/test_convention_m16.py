"""Issue 17 convention, module 16 (tinytorch.generation.kv_cache): every public name is classified.

(a) array functions: called with ndarrays, Tensors and Parameters (where floats) -> identical results, ndarray
    returned; (b) model transforms: none (the cache never changes the model; checked below anyway);
(c) other: why, in a comment. A test asserts the table covers __all__ exactly."""
import numpy as np
import pytest

from tinytorch.core import nn
from tinytorch.core.nn import Parameter
from tinytorch.core.tensor import Tensor
from tinytorch.core.transformer import TinyGPT
from tinytorch.generation import kv_cache as kvc


def floats(*shapes):
    rng = np.random.default_rng(16)
    return [rng.standard_normal(s).astype(np.float32) for s in shapes]


def tiny_gpt():
    nn.manual_seed(16)
    return TinyGPT(vocab_size=11, d_model=16, n_heads=2, n_layers=2, max_len=24)


# (a) name -> (function, array arguments, other positional arguments, keyword arguments, wrappers to try)
ARRAY_FUNCTIONS = {
    "split_heads": (kvc.split_heads, floats((2, 3, 8)), [4], {}, (Tensor, Parameter)),
    "merge_heads": (kvc.merge_heads, floats((2, 4, 3, 2)), [], {}, (Tensor, Parameter)),
    # in place: each call gets its own copy (test_array_function_... copies every array argument)
    "softmax_lastaxis": (kvc.softmax_lastaxis, floats((2, 3, 5)), [], {}, (Tensor, Parameter)),
    # the scales (one per head) are a plain argument; x may be any of the three
    "quantize_kv": (kvc.quantize_kv, floats((2, 3, 4, 5)), [np.array([0.01, 0.02, 0.03], np.float32)], {},
                    (Tensor, Parameter)),
    # integer prompts: Tensor only (a Parameter holds floats)
    "generate": (lambda prompt, n, **kw: kvc.generate(tiny_gpt(), prompt, n, **kw),
                 [np.array([[1, 2, 3], [4, 5, 6]])], [5], {"temperature": 0.8, "seed": 2}, (Tensor,)),
}
MODEL_TRANSFORMS = {}
OTHER = {
    "KVCache": "a class; its array method append(layer, k, v) takes ndarrays or Tensors (tested below)",
    "kv_cache_bytes": "takes sizes (ints), returns a byte count",
    "future_mask": "takes two ints, returns a bool ndarray",
    "cached_attention": "module level: takes a MultiHeadAttention and x_new (Tensor or ndarray), returns a Tensor",
    "cache_dims": "reads a model's sizes (n_layers, n_heads, head_dim, max_len), no arrays",
    "kv_cache_for": "builds an empty KVCache for a model",
    "cached_forward": "module level (like Module.forward): tokens (ndarray or Tensor) -> logits Tensor",
    "kv_scales": "takes a model and calibration tokens (ndarray or Tensor, tested below), returns two float32 ndarrays",
    "QuantizedKVCache": "a class (a KVCache); its append takes ndarrays or Tensors (tested below)",
    "quantized_kv_cache_for": "builds an empty QuantizedKVCache for a model",
    "speculative_generate": "takes two models and a prompt (ndarray or Tensor, tested below), returns (tokens, stats)",
    "load_tinygpt_draft": "a loader: returns the shipped draft model and its tokenizer",
    "TINYGPT_DRAFT_CHECKPOINT": "a constant: the draft checkpoint's file name",
}


def test_table_covers_all_exactly():
    table = set(ARRAY_FUNCTIONS) | set(MODEL_TRANSFORMS) | set(OTHER)
    assert len(table) == len(ARRAY_FUNCTIONS) + len(MODEL_TRANSFORMS) + len(OTHER)
    assert table == set(kvc.__all__), (f"unclassified: {sorted(set(kvc.__all__) - table)}, "
                                       f"not public: {sorted(table - set(kvc.__all__))}")


@pytest.mark.parametrize("name", sorted(ARRAY_FUNCTIONS))
def test_array_function_takes_ndarray_tensor_parameter(name):
    fn, arrays, rest, kwargs, wrappers = ARRAY_FUNCTIONS[name]
    expected = fn(*[a.copy() for a in arrays], *rest, **kwargs)
    assert type(expected) is np.ndarray
    for wrap in wrappers:
        got = fn(*[wrap(a.copy()) for a in arrays], *rest, **kwargs)
        assert type(got) is np.ndarray, f"{name}({wrap.__name__}) returned {type(got).__name__}"
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got, expected)


def test_kv_cache_append_takes_tensors():
    k, v = floats((1, 2, 3, 4), (1, 2, 3, 4))
    a, b = kvc.KVCache(1, 1, 2, 4, 8), kvc.KVCache(1, 1, 2, 4, 8)
    a.append(0, k, v)
    b.append(0, Tensor(k), Parameter(v))
    for x, y in zip(a.get(0), b.get(0)):
        assert type(y) is np.ndarray
        np.testing.assert_array_equal(x, y)


def test_module_level_functions_take_ndarrays_or_tensors_and_leave_the_model_alone():
    model = tiny_gpt()
    before = {name: p.data.copy() for name, p in model.named_parameters()}
    tokens = np.array([[1, 2, 3]])
    logits = kvc.cached_forward(model, tokens, kvc.kv_cache_for(model, 1))
    again = kvc.cached_forward(model, Tensor(tokens), kvc.kv_cache_for(model, 1))
    assert isinstance(logits, Tensor) and isinstance(again, Tensor)
    np.testing.assert_array_equal(logits.data, again.data)
    attn = model.blocks[0].attn
    x = floats((1, 3, 16))[0]
    out = kvc.cached_attention(attn, x, kvc.KVCache(1, 1, 2, 8, 4), 0)
    out_t = kvc.cached_attention(attn, Tensor(x), kvc.KVCache(1, 1, 2, 8, 4), 0)
    np.testing.assert_array_equal(out.data, out_t.data)
    for name, p in model.named_parameters():                 # generation is not a transform: the model is unchanged
        np.testing.assert_array_equal(p.data, before[name])


def test_int8_cache_and_speculative_decoding_take_ndarrays_or_tensors():
    model = tiny_gpt()
    tokens = np.array([[1, 2, 3, 4, 5]])
    a, b = kvc.kv_scales(model, tokens), kvc.kv_scales(model, Tensor(tokens))
    for x, y in zip(a, b):
        assert type(y) is np.ndarray and y.dtype == np.float32
        np.testing.assert_array_equal(x, y)
    k = floats((1, 2, 3, 8))[0]
    one, two = (kvc.quantized_kv_cache_for(model, 1, *a) for _ in range(2))
    one.append(0, k, k)
    two.append(0, Tensor(k), Parameter(k))
    np.testing.assert_array_equal(one.keys, two.keys)
    draft = TinyGPT(vocab_size=11, d_model=8, n_heads=2, n_layers=1, max_len=24)
    plain, stats = kvc.speculative_generate(model, draft, tokens[0], 6, k=2)
    wrapped, again = kvc.speculative_generate(model, draft, Tensor(tokens[0]), 6, k=2)
    assert type(wrapped) is np.ndarray and stats == again
    np.testing.assert_array_equal(plain, wrapped)
