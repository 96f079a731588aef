"""tinytorch's attention, TinyGPT and KV-cached generation vs PyTorch on the same weights.

* MultiHeadAttention (causal) vs torch.nn.functional.scaled_dot_product_attention(is_causal=True) with the same
  projections, float64 on both sides, so the tolerance is tight (1e-12) and only the arithmetic is compared.
* the shipped TinyGPT vs the hand-written torch port in benchmarks/_torch_tinygpt.py (float32 on both sides, the
  checkpoint's weights): max |logit difference| <= 1e-5 * max |logit| (relative to the largest logit, ~13 here:
  float32 sums in a different order differ by a few ulps of the largest values, measured ~1e-6 relative).
* greedy generation: tinytorch.generation.kv_cache.generate (cached) emits the same tokens as the torch port's own
  KV-cached greedy decoder, and as the port without a cache.
"""
import _oracle_env  # noqa: F401 - first: puts benchmarks/ on sys.path, one torch thread

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as F                                                   # noqa: E402 - after _oracle_env
from _torch_tinygpt import TorchTinyGPT, generate_greedy                         # noqa: E402 - after _oracle_env

from tinytorch.core import nn                                                     # noqa: E402 - after _oracle_env
from tinytorch.core.tensor import Tensor, no_grad                                 # noqa: E402 - after _oracle_env
from tinytorch.core.transformer import MultiHeadAttention, load_tinygpt, tinygpt_val_ids  # noqa: E402 - after _oracle_env
from tinytorch.generation.kv_cache import generate                                # noqa: E402 - after _oracle_env

pytestmark = pytest.mark.torch


@pytest.fixture(scope="module")
def shipped():
    "(tinytorch TinyGPT, its torch port, tokenizer): the shipped checkpoint's weights in both."
    model, tokenizer = load_tinygpt()
    return model, TorchTinyGPT.from_tinytorch(model), tokenizer


def torch_projection(x: torch.Tensor, linear) -> torch.Tensor:
    "x @ W + b with a tinytorch Linear's (in, out) weight, in x's dtype."
    return x @ torch.from_numpy(linear.weight.data).to(x.dtype) + torch.from_numpy(linear.bias.data).to(x.dtype)


@pytest.mark.parametrize("batch, length, d_model, n_heads", [(2, 7, 16, 4), (1, 1, 8, 2), (3, 33, 24, 3)])
def test_multi_head_attention_equals_sdpa_causal(batch, length, d_model, n_heads):
    nn.manual_seed(40)
    attn = MultiHeadAttention(d_model, n_heads)
    for p in attn.parameters():                         # float64 weights: compare the math, not float32 rounding
        p.data = p.data.astype(np.float64)
    x = np.random.default_rng(41).standard_normal((batch, length, d_model))
    with no_grad():
        ours = attn(Tensor(x)).data
    assert ours.dtype == np.float64

    xt = torch.from_numpy(x)
    q, k, v = (torch_projection(xt, proj).view(batch, length, n_heads, -1).transpose(1, 2)
               for proj in (attn.q_proj, attn.k_proj, attn.v_proj))
    context = F.scaled_dot_product_attention(q, k, v, is_causal=True)            # (B, H, T, head_dim)
    theirs = torch_projection(context.transpose(1, 2).reshape(batch, length, d_model), attn.out_proj).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


def test_tinygpt_logits_equal_torch_port(shipped):
    model, port, tokenizer = shipped
    tokens = tinygpt_val_ids(tokenizer)[:3 * 96].reshape(3, 96)                  # held-out text, batch of 3
    with no_grad():
        ours = model(tokens).data
    with torch.inference_mode():
        theirs = port(torch.from_numpy(tokens)).numpy()
    assert ours.dtype == theirs.dtype == np.float32 and ours.shape == theirs.shape == (3, 96, tokenizer.vocab_size)
    scale = np.abs(theirs).max()
    assert np.abs(ours - theirs).max() <= 1e-5 * scale


def test_torch_port_is_not_trivially_equal(shipped):
    "The comparison above can fail: the port with the erf GELU instead of tanh differs by far more than 1e-5."
    model, port, tokenizer = shipped
    tokens = tinygpt_val_ids(tokenizer)[None, :64]
    with torch.inference_mode():
        exact = port(torch.from_numpy(tokens))
        original_gelu = F.gelu
        try:
            F.gelu = lambda x, approximate="none": original_gelu(x)               # erf, not tanh
            erf = port(torch.from_numpy(tokens))
        finally:
            F.gelu = original_gelu
    assert (exact - erf).abs().max().item() > 1e-5 * exact.abs().max().item()


@pytest.mark.parametrize("prompt", ["The quick brown fox ", "Once upon a time", "\n"])
def test_cached_greedy_generation_emits_the_same_tokens(shipped, prompt):
    model, port, tokenizer = shipped
    ids = tokenizer.encode(prompt)
    ours = generate(model, ids, 120, use_cache=True)
    theirs = generate_greedy(port, ids, 120, use_cache=True)
    assert ours.dtype == np.int64
    np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(theirs, generate_greedy(port, ids, 120, use_cache=False))
