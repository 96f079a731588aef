"""tinytorch.core.transformer: attention (causal, head split vs a NumPy reference, gradients), the block, TinyGPT
(shapes, dtypes, errors, gradients to every parameter, generation) and the checkpoint format."""
import math

import numpy as np
import pytest

from _gradcheck import check_gradients
from tinytorch.core.data import CharTokenizer
from tinytorch.core.nn import Sequential, cross_entropy, manual_seed
from tinytorch.core.tensor import Tensor, no_grad
from tinytorch.core.transformer import (MLP, MultiHeadAttention, TinyGPT, TransformerBlock, build_model, causal_mask,
                                        checkpoint_meta, load_checkpoint, load_digits_mlp, load_tinygpt, make_mlp,
                                        save_checkpoint, sinusoidal_positions)


def reference_attention(x, mha):
    "Causal multi-head attention in float64 with explicit per-head column slices (no reshape/transpose)."
    W = {n: getattr(mha, n).weight.data.astype(np.float64) for n in ("q_proj", "k_proj", "v_proj", "out_proj")}
    b = {n: getattr(mha, n).bias.data.astype(np.float64) for n in W}
    q, k, v = (x @ W[n] + b[n] for n in ("q_proj", "k_proj", "v_proj"))
    B, T, d = x.shape
    D = d // mha.n_heads
    out = np.zeros((B, T, d))
    for h in range(mha.n_heads):
        cols = slice(h * D, (h + 1) * D)
        for t in range(T):                                   # query t attends to keys 0..t only
            s = q[:, t, cols][:, None, :] @ k[:, :t + 1, cols].transpose(0, 2, 1) / math.sqrt(D)   # (B, 1, t+1)
            w = np.exp(s - s.max(-1, keepdims=True))
            w /= w.sum(-1, keepdims=True)
            out[:, t, cols] = (w @ v[:, :t + 1, cols])[:, 0]
    return out @ W["out_proj"] + b["out_proj"]


def small_gpt(seed=0, vocab=11, d=16, heads=4, layers=2, max_len=32):
    manual_seed(seed)
    return TinyGPT(vocab, d_model=d, n_heads=heads, n_layers=layers, max_len=max_len)


# ---------------------------------------------------------------------------------------------------------------
# attention
# ---------------------------------------------------------------------------------------------------------------
def test_causal_mask():
    assert np.array_equal(causal_mask(3, 3), np.triu(np.ones((3, 3), bool), k=1))
    # 2 new queries after 3 cached keys: query 0 is position 3 (sees keys 0..3), query 1 is position 4
    assert causal_mask(2, 5).tolist() == [[False] * 4 + [True], [False] * 5]
    assert not causal_mask(1, 7).any()


@pytest.mark.parametrize("d_model,n_heads,B,T", [(8, 1, 1, 1), (8, 2, 2, 5), (12, 3, 1, 9), (16, 4, 3, 7),
                                                 (32, 8, 2, 4)])
def test_attention_matches_numpy_reference(d_model, n_heads, B, T):
    manual_seed(d_model + T)
    mha = MultiHeadAttention(d_model, n_heads)
    x = np.random.default_rng(T).normal(size=(B, T, d_model)).astype(np.float32)
    y = mha(Tensor(x))
    assert y.shape == (B, T, d_model) and y.dtype == np.float32
    np.testing.assert_allclose(y.data, reference_attention(x.astype(np.float64), mha), rtol=1e-4, atol=1e-5)


def test_attention_is_causal():
    manual_seed(1)
    mha = MultiHeadAttention(16, 4)
    x = np.random.default_rng(0).normal(size=(2, 9, 16)).astype(np.float32)
    base = mha(Tensor(x)).data
    for t in range(9):
        changed = x.copy()
        changed[:, t:] = np.random.default_rng(100 + t).normal(size=changed[:, t:].shape)
        out = mha(Tensor(changed)).data
        assert np.array_equal(out[:, :t], base[:, :t]), f"changing position {t} changed earlier outputs"
        assert not np.allclose(out[:, t], base[:, t])


def test_attention_weights_are_causal_rows_summing_to_one():
    manual_seed(2)
    mha = MultiHeadAttention(8, 2)
    mha.keep_attention = True
    mha(Tensor(np.random.default_rng(0).normal(size=(1, 6, 8)).astype(np.float32)))
    w = mha.last_attention
    assert w.shape == (1, 2, 6, 6) and w.dtype == np.float32
    np.testing.assert_allclose(w.sum(-1), 1.0, rtol=1e-6)
    assert np.all(w[..., causal_mask(6, 6)] == 0.0)


def test_attention_input_gradient_matches_finite_differences():
    manual_seed(3)
    mha = MultiHeadAttention(8, 2)
    x = np.random.default_rng(0).normal(size=(2, 4, 8))
    check_gradients(lambda t: mha(t), x, atol=1e-5, rtol=1e-4)


def test_attention_errors_and_names():
    with pytest.raises(ValueError, match="divisible"):
        MultiHeadAttention(10, 3)
    mha = MultiHeadAttention(8, 2)
    with pytest.raises(ValueError, match=r"\(B, T, 8\)"):
        mha(Tensor(np.zeros((4, 8), np.float32)))
    names = [n for n, _ in mha.named_parameters()]
    for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
        assert f"{proj}.weight" in names and f"{proj}.bias" in names
    assert isinstance(mha.scale, float) and mha.scale == 1 / math.sqrt(4)


# ---------------------------------------------------------------------------------------------------------------
# block and model
# ---------------------------------------------------------------------------------------------------------------
def test_block_is_pre_ln_residual():
    manual_seed(4)
    block = TransformerBlock(8, 2)
    x = Tensor(np.random.default_rng(0).normal(size=(2, 5, 8)).astype(np.float32))
    h = x + block.attn(block.ln1(x))
    expected = h + block.mlp(block.ln2(h))
    np.testing.assert_allclose(block(x).data, expected.data, rtol=1e-6)
    mlp = MLP(8)
    assert mlp.fc1.weight.shape == (8, 32) and mlp.fc2.weight.shape == (32, 8)


def test_tinygpt_shapes_dtypes_and_names():
    model = small_gpt()
    assert model.config == dict(vocab_size=11, d_model=16, n_heads=4, n_layers=2, max_len=32)
    tokens = np.random.default_rng(0).integers(0, 11, size=(3, 7))
    logits = model(tokens)
    assert logits.shape == (3, 7, 11) and logits.dtype == np.float32
    single = model(tokens[0])                               # (T,) is a batch of one
    assert single.shape == (1, 7, 11)
    np.testing.assert_allclose(single.data[0], logits.data[0], rtol=1e-5, atol=1e-6)
    names = dict(model.named_parameters())
    for name in ("tok_emb.weight", "pos_emb.weight", "blocks.0.attn.q_proj.weight", "blocks.1.mlp.fc2.bias",
                 "blocks.1.ln2.weight", "ln_f.weight", "head.weight"):
        assert name in names, name
    assert all(p.dtype == np.float32 for p in names.values())
    assert len(model.blocks) == 2 and all(isinstance(b, TransformerBlock) for b in model.blocks)


def test_sinusoidal_position_initialisation():
    table = sinusoidal_positions(50, 6)
    assert table.shape == (50, 6) and table.dtype == np.float32
    p, i = 7, 1                                                   # dims 2i, 2i+1 use frequency 10000^(-2i/d)
    w = 10000.0 ** (-2 * i / 6)
    np.testing.assert_allclose(table[p, 2 * i:2 * i + 2], [math.sin(p * w), math.cos(p * w)], rtol=1e-6)
    assert sinusoidal_positions(4, 5).shape == (4, 5)              # odd dim
    model = small_gpt(d=16, max_len=32)
    np.testing.assert_allclose(model.pos_emb.weight.data, 0.1 * sinusoidal_positions(32, 16), rtol=1e-6)
    assert model.pos_emb.weight.dtype == np.float32 and model.tok_emb.weight.dtype == np.float32
    assert 0.01 < model.tok_emb.weight.data.std() < 0.03


def test_tinygpt_input_errors():
    model = small_gpt(max_len=8)
    with pytest.raises(ValueError, match="max_len=8"):
        model(np.zeros((1, 9), np.int64))
    with pytest.raises(ValueError, match="integer"):
        model(np.zeros((1, 3), np.float32))
    with pytest.raises(ValueError, match=r"\[0, 10\]"):
        model(np.array([[1, 11]]))
    with pytest.raises(ValueError):
        model(np.zeros((1, 2, 3), np.int64))


def test_start_pos_shifts_the_positions():
    model = small_gpt(seed=13, max_len=12)
    tokens = np.array([[3, 1, 4, 1, 5]])
    shifted = model(tokens, start_pos=4).data
    # the same computation with position rows 4..8 moved to 0..4 and start_pos 0
    twin = small_gpt(seed=13, max_len=12)
    twin.pos_emb.weight.data[:5] = model.pos_emb.weight.data[4:9]
    np.testing.assert_allclose(shifted, twin(tokens).data, rtol=1e-6, atol=1e-6)
    assert not np.allclose(shifted, model(tokens).data)
    model(tokens, start_pos=7)                                   # positions 7..11 fit
    with pytest.raises(ValueError, match="max_len=12"):
        model(tokens, start_pos=8)
    with pytest.raises(ValueError):
        model(tokens, start_pos=-1)


def test_tinygpt_is_causal():
    model = small_gpt(seed=5)
    tokens = np.random.default_rng(1).integers(0, 11, size=(2, 12))
    with no_grad():
        base = model(tokens).data
        for t in range(12):
            changed = tokens.copy()
            changed[:, t] = (changed[:, t] + 1) % 11
            out = model(changed).data
            assert np.array_equal(out[:, :t], base[:, :t]), f"changing token {t} changed earlier logits"
            assert not np.allclose(out[:, t], base[:, t])


def test_gradients_reach_every_parameter():
    model = small_gpt(seed=6)
    tokens = np.random.default_rng(2).integers(0, 11, size=(2, 10))
    loss = cross_entropy(model(tokens[:, :-1]), tokens[:, 1:])
    assert loss.dtype == np.float32
    loss.backward()
    for name, p in model.named_parameters():
        assert p.grad is not None, f"{name} got no gradient"
        assert p.grad.dtype == np.float32 and p.grad.shape == p.shape
        assert np.all(np.isfinite(p.grad)) and np.abs(p.grad).sum() > 0, f"{name} has an all-zero gradient"
    # position embeddings beyond the sequence length get exactly zero gradient
    assert np.all(model.pos_emb.weight.grad[9:] == 0)


def test_a_few_steps_of_training_reduce_the_loss():
    from tinytorch.core.nn import AdamW
    model = small_gpt(seed=7, vocab=5)
    tokens = np.tile(np.arange(5), 4)[None, :]              # 0 1 2 3 4 0 1 2 ... : perfectly predictable
    opt = AdamW(model.parameters(), lr=1e-2)
    losses = []
    for _ in range(30):
        opt.zero_grad()
        loss = cross_entropy(model(tokens[:, :-1]), tokens[:, 1:])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.2 * losses[0]


# ---------------------------------------------------------------------------------------------------------------
# generation
# ---------------------------------------------------------------------------------------------------------------
def test_generate_is_seeded_and_returns_int64():
    model = small_gpt(seed=8)
    a = model.generate([1, 2, 3], max_new_tokens=20, temperature=1.0, seed=0)
    b = model.generate(np.array([1, 2, 3]), max_new_tokens=20, temperature=1.0, seed=0)
    c = model.generate([1, 2, 3], max_new_tokens=20, temperature=1.0, seed=1)
    assert a.dtype == np.int64 and a.shape == (23,)
    assert a[:3].tolist() == [1, 2, 3]
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert a.min() >= 0 and a.max() < 11
    assert model.training                                    # training mode is restored


def test_greedy_generation_is_argmax_of_the_forward_pass():
    model = small_gpt(seed=9)
    out = model.generate([4], max_new_tokens=10, temperature=0)
    with no_grad():
        for t in range(1, len(out)):
            assert out[t] == np.argmax(model(out[:t]).data[0, -1])
    assert np.array_equal(out, model.generate([4], max_new_tokens=10, temperature=0, seed=123))


def test_generation_past_max_len_raises_instead_of_cropping():
    # One semantics with module 16's cached generate: the model has no position beyond max_len, so asking for more
    # is a clear ValueError (what was asked, the limit, what to do), never a silently cropped context.
    model = small_gpt(seed=10, max_len=8)
    with pytest.raises(ValueError, match=r"2 prompt \+ 7 new tokens = 9 positions exceed the model's max_len=8"):
        model.generate([1, 2], max_new_tokens=7, temperature=0)
    out = model.generate([1, 2], max_new_tokens=6, temperature=0)          # exactly max_len positions is fine
    assert out.shape == (8,)
    with no_grad():
        assert out[-1] == np.argmax(model(out[:-1]).data[0, -1])


def test_generate_defaults_to_greedy_and_takes_batches_and_tensors():
    model = small_gpt(seed=11)
    greedy = model.generate([1, 2, 3], 6)
    assert np.array_equal(greedy, model.generate([1, 2, 3], 6, temperature=0.0, seed=99))   # default: greedy
    batch = np.array([[1, 2, 3], [4, 5, 6]])
    both = model.generate(batch, 6, temperature=0.9, seed=4)
    assert both.shape == (2, 9) and both.dtype == np.int64
    assert np.array_equal(both, model.generate(Tensor(batch), 6, temperature=0.9, seed=4))
    assert np.array_equal(model.generate(Tensor(np.array([1, 2, 3])), 6), greedy)
    rows = [model.generate(batch[i], 6) for i in range(2)]
    assert np.array_equal(model.generate(batch, 6), np.stack(rows))      # greedy rows are independent


def test_next_token_is_the_batched_sampler():
    from tinytorch.core.transformer import next_token
    logits = np.array([[0.0, 2.0, 1.0], [5.0, 5.0, -1.0]], dtype=np.float32)
    assert next_token(logits, 0.0, None).tolist() == [1, 0]                 # argmax, first maximum on ties
    rng = np.random.default_rng(0)
    draws = np.array([next_token(logits[:1], 1.0, rng)[0] for _ in range(4000)])
    p = np.exp(logits[0] - logits[0].max()) / np.exp(logits[0] - logits[0].max()).sum()
    assert np.allclose(np.bincount(draws, minlength=3) / 4000, p, atol=0.03)
    u = np.random.default_rng(5).random(2)                                  # one uniform per row, inverse CDF
    z = logits.astype(np.float64)
    cdf = np.cumsum(np.exp(z - z.max(-1, keepdims=True)) / np.exp(z - z.max(-1, keepdims=True)).sum(-1, keepdims=True),
                    -1)
    assert next_token(logits, 1.0, np.random.default_rng(5)).tolist() == (cdf <= u[:, None]).sum(-1).tolist()


# ---------------------------------------------------------------------------------------------------------------
# checkpoints (format; the shipped files are tested in test_checkpoints.py)
# ---------------------------------------------------------------------------------------------------------------
def test_tinygpt_checkpoint_round_trip(tmp_path):
    model = small_gpt(seed=11)
    tok = CharTokenizer("abcdefghij ")
    path = save_checkpoint(model, tmp_path / "gpt", tokenizer=tok, metrics={"val_loss": 1.5}, seed=11)
    assert path.exists() and path.name == "gpt"               # no ".npz" appended behind our back
    ckpt = load_checkpoint(path)
    assert ckpt["arch"] == "tinygpt" and ckpt["config"] == model.config and ckpt["chars"] == tok.chars
    assert ckpt["meta"] == {"metrics": {"val_loss": 1.5}, "seed": 11}
    assert all(v.dtype == np.float32 for v in ckpt["state"].values())
    loaded, loaded_tok = load_tinygpt(path)
    assert loaded_tok.chars == tok.chars and not loaded.training
    tokens = np.array([[1, 2, 3, 4]])
    assert np.array_equal(loaded(tokens).data, model(tokens).data)
    assert checkpoint_meta(path)["seed"] == 11


def test_mlp_checkpoint_round_trip_and_wrong_kind(tmp_path):
    manual_seed(12)
    mlp = make_mlp([6, 5, 3])
    assert isinstance(mlp, Sequential) and [type(m).__name__ for m in mlp] == ["Linear", "ReLU", "Linear"]
    path = save_checkpoint(mlp, tmp_path / "mlp.npz", metrics={"test_accuracy": 0.5})
    loaded = load_digits_mlp(path)
    x = np.random.default_rng(0).normal(size=(4, 6)).astype(np.float32)
    assert np.array_equal(loaded(Tensor(x)).data, mlp(Tensor(x)).data)
    with pytest.raises(ValueError, match="not a TinyGPT"):
        load_tinygpt(path)
    gpt_path = save_checkpoint(small_gpt(), tmp_path / "g.npz", tokenizer=CharTokenizer("abcdefghijk"))
    with pytest.raises(ValueError, match="not an MLP"):
        load_digits_mlp(gpt_path)


def test_checkpoint_rejects_non_float32_and_broken_files(tmp_path):
    mlp = make_mlp([2, 2])
    mlp[0].weight.data = mlp[0].weight.data.astype(np.float64)
    with pytest.raises(TypeError, match="float32"):
        save_checkpoint(mlp, tmp_path / "bad.npz")
    np.savez(tmp_path / "other.npz", a=np.zeros(3))
    with pytest.raises(ValueError, match="not a tinytorch checkpoint"):
        load_checkpoint(tmp_path / "other.npz")
    # a checkpoint whose tensors do not fit the config fails loudly instead of leaving random weights
    good = save_checkpoint(make_mlp([3, 2]), tmp_path / "good.npz")
    ckpt = load_checkpoint(good)
    ckpt["config"]["sizes"] = [4, 2]
    with pytest.raises(ValueError, match="shape"):
        build_model(ckpt)


# ---------------------------------------------------------------------------------------------------------------
# the trained model
# ---------------------------------------------------------------------------------------------------------------
def test_trained_attention_is_not_uniform():
    model, tok = load_tinygpt()
    text = "The quick brown fox jumps over the lazy dog. Did the old wizard find a key?"
    T = len(text)
    visible = np.arange(1, T + 1)
    for block in model.blocks:
        block.attn.keep_attention = True
    try:
        with no_grad():
            model(tok.encode(text))
        ratios = []
        for block in model.blocks:
            w = block.attn.last_attention[0].astype(np.float64)            # (H, T, T)
            np.testing.assert_allclose(w.sum(-1), 1.0, rtol=1e-5)
            ent = -(w * np.log(np.where(w > 0, w, 1.0))).sum(-1)           # (H, T)
            ratios.append((ent[:, 1:] / np.log(visible[1:])).mean(-1))      # 1.0 = uniform over visible keys
    finally:
        for block in model.blocks:
            block.attn.keep_attention, block.attn.last_attention = False, None
    ratios = np.array(ratios)                                                # (layers, heads)
    assert ratios.min() < 0.5, f"every head attends almost uniformly: {np.round(ratios, 2)}"
    assert ratios.mean() < 0.8, f"attention is close to uniform on average: {np.round(ratios, 2)}"


def test_trained_model_is_causal_and_float32():
    model, tok = load_tinygpt()
    ids = tok.encode("The quick brown fox jumps over the lazy dog.")
    with no_grad():
        base = model(ids).data
        changed = ids.copy()
        changed[20:] = tok.encode("z" * (len(ids) - 20))
        out = model(changed).data
    assert base.dtype == np.float32
    assert np.array_equal(out[:, :20], base[:, :20]) and not np.allclose(out[:, 20:], base[:, 20:])
