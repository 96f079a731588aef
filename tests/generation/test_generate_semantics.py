"""One generate semantics (issue 17, bullet 5): module 16's cached/uncached `generate` and core's `TinyGPT.generate`
share defaults (greedy), the sampler (`tinytorch.core.transformer.next_token`), prompt types ((T0,) or (B, T0) ints,
ndarray, list or Tensor) and the behaviour past max_len (the same ValueError, no crop); and every matmul of cached
generation reaches the module-15 backend with its kind (cached attention products are "attention")."""
import collections
import inspect

import numpy as np
import pytest

from tinytorch.core import nn
from tinytorch.core.tensor import Tensor, current_matmul_kind, use_matmul_kernel
from tinytorch.core.transformer import TinyGPT, next_token
from tinytorch.generation import kv_cache as kvc
from tinytorch.generation.kv_cache import generate


def tiny_gpt(seed=0, vocab=13, d_model=32, n_heads=4, n_layers=2, max_len=48):
    nn.manual_seed(seed)
    return TinyGPT(vocab_size=vocab, d_model=d_model, n_heads=n_heads, n_layers=n_layers, max_len=max_len)


def test_one_sampler_for_both_paths():
    assert kvc.next_token is next_token                        # module 16 uses core's sampler, not a copy


def test_same_defaults():
    core = inspect.signature(TinyGPT.generate).parameters
    cached = inspect.signature(generate).parameters
    assert core["temperature"].default == cached["temperature"].default == 0.0
    assert core["seed"].default is cached["seed"].default is None


@pytest.mark.parametrize("temperature,seed", [(0.0, None), (0.0, 3), (0.7, 0), (1.0, 5), (1.5, 123), (3.0, 9)])
@pytest.mark.parametrize("shape", [(4,), (1, 3), (3, 2)])
def test_cached_uncached_and_core_generate_give_the_same_tokens(temperature, seed, shape):
    model = tiny_gpt(seed=len(shape) + int(10 * temperature))
    prompt = np.random.default_rng(sum(shape)).integers(0, 13, size=shape)
    n = 20
    cached = generate(model, prompt, n, use_cache=True, temperature=temperature, seed=seed)
    uncached = generate(model, prompt, n, use_cache=False, temperature=temperature, seed=seed)
    core = model.generate(prompt, n, temperature=temperature, seed=seed)
    assert cached.dtype == uncached.dtype == core.dtype == np.int64
    assert cached.shape == core.shape == shape[:-1] + (shape[-1] + n,)
    np.testing.assert_array_equal(cached, uncached)
    np.testing.assert_array_equal(cached, core)


def test_defaults_are_greedy_and_equal():
    model = tiny_gpt(seed=4)
    prompt = np.array([[1, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(generate(model, prompt, 12), model.generate(prompt, 12))
    np.testing.assert_array_equal(model.generate(prompt, 12), model.generate(prompt, 12, temperature=0.0, seed=7))


@pytest.mark.parametrize("make", [np.asarray, Tensor, lambda p: p.tolist(), lambda p: p.astype(np.int32)],
                         ids=["ndarray", "Tensor", "list", "int32"])
def test_same_prompt_types(make):
    model = tiny_gpt(seed=5)
    prompt = np.array([[2, 7, 1], [8, 2, 8]])
    expected = generate(model, prompt, 8, temperature=0.9, seed=1)
    for use_cache in (True, False):
        np.testing.assert_array_equal(generate(model, make(prompt), 8, use_cache=use_cache, temperature=0.9, seed=1),
                                      expected)
    np.testing.assert_array_equal(model.generate(make(prompt), 8, temperature=0.9, seed=1), expected)
    np.testing.assert_array_equal(model.generate(make(prompt[0]), 8), generate(model, make(prompt[0]), 8))


@pytest.mark.parametrize("t0,n", [(40, 9), (48, 1), (1, 48)])
def test_past_max_len_both_raise_the_same_error(t0, n):
    model = tiny_gpt(seed=6)                                   # max_len 48
    prompt = np.zeros(t0, np.int64)
    messages = []
    for call in (lambda: generate(model, prompt, n), lambda: generate(model, prompt, n, use_cache=False),
                 lambda: model.generate(prompt, n)):
        with pytest.raises(ValueError, match="max_len=48") as err:
            call()
        messages.append(str(err.value))
    assert len(set(messages)) == 1, messages
    assert f"{t0} prompt + {n} new tokens = {t0 + n} positions" in messages[0]
    ok = np.zeros(t0 - 1 if t0 + n > 48 and t0 > 1 else t0, np.int64)   # one position fewer fits exactly
    n_ok = 48 - len(ok)
    np.testing.assert_array_equal(generate(model, ok, n_ok), model.generate(ok, n_ok))


@pytest.mark.parametrize("bad,match", [(np.zeros((1, 0), np.int64), "non-empty"), (np.array([[0.5, 1.5]]), "integer"),
                                       (np.zeros((1, 1, 2), np.int64), "non-empty")])
def test_same_prompt_errors(bad, match):
    model = tiny_gpt(seed=6)
    for call in (lambda: generate(model, bad, 3), lambda: model.generate(bad, 3)):
        with pytest.raises(ValueError, match=match):
            call()


def count_kinds(fn):
    "Run fn() with a counting matmul kernel installed: Counter of current_matmul_kind() over every kernel call."
    counts = collections.Counter()

    def spy(a, b):
        counts[current_matmul_kind()] += 1
        return np.matmul(a, b)
    with use_matmul_kernel(spy):
        fn()
    return counts


def test_every_matmul_of_cached_generation_reaches_the_backend_with_its_kind():
    n_layers, n = 3, 6
    model = tiny_gpt(seed=12, n_layers=n_layers)
    prompt = np.array([1, 2, 3, 4])
    counts = count_kinds(lambda: generate(model, prompt, n, use_cache=True))
    # n cached_forward calls (prefill + n - 1 single tokens); each: per layer q, k, v, out, fc1, fc2 (float) and
    # q @ K^T, weights @ V (attention), then the head (float).
    assert counts == {"float": n * (6 * n_layers + 1), "attention": n * 2 * n_layers}, counts
    uncached = count_kinds(lambda: generate(model, prompt, n, use_cache=False))
    assert uncached == {"float": n * (6 * n_layers + 1), "attention": n * 2 * n_layers}, uncached
    core = count_kinds(lambda: model.generate(prompt, n))
    assert core == uncached


def test_cached_attention_result_is_unchanged_by_the_kernel_route():
    model = tiny_gpt(seed=13)
    prompt = np.array([[3, 1, 4, 1, 5]])
    from tinytorch.optimization.acceleration import use_backend
    expected = generate(model, prompt, 10)
    for name in ("naive", "blocked"):
        with use_backend(name):
            np.testing.assert_array_equal(generate(model, prompt, 10), expected)
