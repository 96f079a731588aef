"""A hand-written PyTorch port of tinytorch's TinyGPT, with a KV-cached greedy decoder: the oracle and the peer.

One copy, used by tests/oracle (logits and generated tokens must equal tinytorch's) and by benchmarks/peers.py
(decode tokens/s of the same weights in PyTorch). Needs torch; tinytorch itself never imports this file.

Architecture, exactly as tinytorch.core.transformer.TinyGPT (read from there, not guessed):
  x = tok_emb[ids] + pos_emb[start_pos + t]          learned positions, untied head (Linear with bias)
  per block (pre-LN):  x = x + attn(ln1(x));  x = x + fc2(gelu_tanh(fc1(ln2(x))))
  attn: q/k/v/out projections with bias, causal, scale 1/sqrt(head_dim), heads = contiguous slices of d_model
  LayerNorm eps 1e-5 (biased variance), GELU with the tanh approximation, logits = head(ln_f(x)).
tinytorch's Linear stores weight as (in, out) and computes x @ W + b; torch's stores (out, in): we transpose.

Shapes: tokens (B, T) int64 -> logits (B, T, vocab) float32.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def linear_from(weight_in_out: np.ndarray, bias: np.ndarray) -> nn.Linear:
    "A torch Linear computing x @ weight_in_out + bias (tinytorch's convention), float32."
    n_in, n_out = weight_in_out.shape
    layer = nn.Linear(n_in, n_out)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight_in_out.T)))
        layer.bias.copy_(torch.from_numpy(bias))
    return layer


def layernorm_from(weight: np.ndarray, bias: np.ndarray, eps: float) -> nn.LayerNorm:
    "A torch LayerNorm with tinytorch's weight, bias and eps (both use the biased variance)."
    norm = nn.LayerNorm(weight.shape[0], eps=eps)
    with torch.no_grad():
        norm.weight.copy_(torch.from_numpy(weight))
        norm.bias.copy_(torch.from_numpy(bias))
    return norm


class TorchKVCache:
    "Preallocated keys/values (n_layers, B, H, max_len, head_dim) float32, as tinytorch's KVCache; `length` filled."

    def __init__(self, n_layers: int, batch: int, n_heads: int, head_dim: int, max_len: int):
        shape = (n_layers, batch, n_heads, max_len, head_dim)
        self.keys, self.values = torch.zeros(shape), torch.zeros(shape)
        self.length = 0


class TorchAttention(nn.Module):
    "Causal multi-head self-attention with tinytorch's q/k/v/out projections; (B, T, d) -> (B, T, d)."

    def __init__(self, state: dict, prefix: str, n_heads: int):
        super().__init__()
        self.n_heads = n_heads
        for name in ("q_proj", "k_proj", "v_proj", "out_proj"):
            setattr(self, name, linear_from(state[f"{prefix}{name}.weight"], state[f"{prefix}{name}.bias"]))

    def heads(self, x: torch.Tensor) -> torch.Tensor:
        "(B, T, d) -> (B, H, T, d/H): head h owns features [h*hd, (h+1)*hd), as tinytorch's split_heads."
        B, T, d = x.shape
        return x.view(B, T, self.n_heads, d // self.n_heads).transpose(1, 2)

    def forward(self, x: torch.Tensor, cache: TorchKVCache = None, layer: int = 0) -> torch.Tensor:
        "Without cache: causal attention over x. With cache: x are the new positions after cache.length cached ones."
        q, k, v = self.heads(self.q_proj(x)), self.heads(self.k_proj(x)), self.heads(self.v_proj(x))
        start, t_new = (cache.length if cache is not None else 0), x.shape[1]
        if cache is not None:                      # write the new keys/values in place, attend over the prefix
            cache.keys[layer, :, :, start:start + t_new] = k
            cache.values[layer, :, :, start:start + t_new] = v
            k, v = cache.keys[layer, :, :, :start + t_new], cache.values[layer, :, :, :start + t_new]
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(q.shape[-1]))       # (B, H, T_new, start + T_new)
        if t_new > 1:                              # query i (absolute start + i) must not see keys after it
            future = torch.ones(t_new, start + t_new, dtype=torch.bool).triu(diagonal=start + 1)
            scores = scores.masked_fill(future, -math.inf)
        context = scores.softmax(dim=-1) @ v                                      # (B, H, T_new, hd)
        return self.out_proj(context.transpose(1, 2).reshape(x.shape))


class TorchBlock(nn.Module):
    "Pre-LN transformer block: x + attn(ln1(x)), then x + fc2(gelu_tanh(fc1(ln2(x))))."

    def __init__(self, state: dict, prefix: str, n_heads: int, eps: float):
        super().__init__()
        self.ln1 = layernorm_from(state[prefix + "ln1.weight"], state[prefix + "ln1.bias"], eps)
        self.attn = TorchAttention(state, prefix + "attn.", n_heads)
        self.ln2 = layernorm_from(state[prefix + "ln2.weight"], state[prefix + "ln2.bias"], eps)
        self.fc1 = linear_from(state[prefix + "mlp.fc1.weight"], state[prefix + "mlp.fc1.bias"])
        self.fc2 = linear_from(state[prefix + "mlp.fc2.weight"], state[prefix + "mlp.fc2.bias"])

    def forward(self, x, cache=None, layer=0):
        x = x + self.attn(self.ln1(x), cache, layer)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class TorchTinyGPT(nn.Module):
    "TinyGPT in PyTorch, built from a tinytorch state_dict {name: float32 ndarray} and config dict."

    def __init__(self, state: dict, config: dict, eps: float = 1e-5):
        super().__init__()
        self.config = dict(config)
        self.tok_emb = nn.Embedding.from_pretrained(torch.from_numpy(state["tok_emb.weight"]), freeze=True)
        self.pos_emb = nn.Embedding.from_pretrained(torch.from_numpy(state["pos_emb.weight"]), freeze=True)
        self.blocks = nn.ModuleList(TorchBlock(state, f"blocks.{i}.", config["n_heads"], eps)
                                    for i in range(config["n_layers"]))
        self.ln_f = layernorm_from(state["ln_f.weight"], state["ln_f.bias"], eps)
        self.head = linear_from(state["head.weight"], state["head.bias"])
        self.eval()

    @classmethod
    def from_tinytorch(cls, model) -> "TorchTinyGPT":
        "The port of a tinytorch TinyGPT (same weights, copied); LayerNorm eps read from the model."
        return cls(model.state_dict(), model.config, eps=model.ln_f.eps)

    def forward(self, tokens: torch.Tensor, cache: TorchKVCache = None) -> torch.Tensor:
        "tokens (B, T) int64 -> logits (B, T, V); with a cache, tokens follow the cache.length tokens cached."
        start = cache.length if cache is not None else 0
        x = self.tok_emb(tokens) + self.pos_emb(torch.arange(start, start + tokens.shape[1]))
        for layer, block in enumerate(self.blocks):
            x = block(x, cache, layer)
        if cache is not None:
            cache.length += tokens.shape[1]        # every layer has appended: the positions are now cached
        return self.head(self.ln_f(x))

    def new_cache(self, batch: int, max_len: int) -> TorchKVCache:
        c = self.config
        return TorchKVCache(c["n_layers"], batch, c["n_heads"], c["d_model"] // c["n_heads"], max_len)


@torch.inference_mode()
def generate_greedy(model: TorchTinyGPT, prompt: np.ndarray, max_new_tokens: int, use_cache: bool = True) -> np.ndarray:
    """Greedy continuation of a 1-D int prompt (T0,) -> int64 (T0 + max_new_tokens,), argmax with first-max ties
    (torch.argmax, like np.argmax). use_cache: prefill then one token per step; else the whole sequence each step."""
    out = torch.empty(1, len(prompt) + max_new_tokens, dtype=torch.int64)
    out[0, :len(prompt)] = torch.from_numpy(np.asarray(prompt, dtype=np.int64))
    cache = model.new_cache(1, out.shape[1]) if use_cache else None
    for t in range(len(prompt), out.shape[1]):
        logits = model(out[:, cache.length:t], cache) if use_cache else model(out[:, :t])
        out[0, t] = logits[0, -1].argmax()
    return out[0].numpy()
