"""Train the two models shipped in tinytorch/data/ (seeded, reproducible on one machine):

    python tools/pretrain.py digits      # 64-128-64-10 ReLU MLP on the 8x8 digits -> tinytorch/data/digits_mlp.npz
    python tools/pretrain.py digits-cnn  # 2-conv CNN (make_digits_cnn) on the 8x8 digits
                                         #   -> tinytorch/data/digits_cnn.npz
    python tools/pretrain.py gpt         # character-level TinyGPT on the grammar corpus -> tinytorch/data/tinygpt.npz
    python tools/pretrain.py gpt-draft   # a 1-layer d_model-64 TinyGPT distilled from tinygpt.npz, the draft model of
                                         #   module 16's speculative decoding -> tinytorch/data/tinygpt_draft.npz

The draft needs the shipped TinyGPT (its teacher). Each checkpoint stores its config, the tokenizer characters
(gpt), the metrics measured at the end of training (test accuracy / validation loss) and provenance (these
arguments, the seed, library versions, wall time); no git information. See tinytorch/data/README.md for the
numbers of the shipped run. Run the gpt job in the background:

    nohup .venv/bin/python tools/pretrain.py gpt > /tmp/pretrain_gpt.log 2>&1 &

BLAS is pinned to one thread (before NumPy is imported): for these small matrices a second thread gains little,
and on a shared machine multi-threaded BLAS degrades badly under contention.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import math
import platform
import sys
import time
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from tinytorch.core.data import (DATA_DIR, CharTokenizer, DataLoader, TextBatches, load_digits,
                                 load_text_corpus, train_val_split_text, unigram_entropy)
from tinytorch.core.nn import AdamW, accuracy, cross_entropy, evaluate, fit, manual_seed
from tinytorch.core.transformer import (DIGITS_CNN_CHECKPOINT, DIGITS_MLP_CHECKPOINT, TINYGPT_CHECKPOINT, TinyGPT,
                                        lm_loss, make_digits_cnn, make_mlp, save_checkpoint)


def provenance(args) -> dict:
    "What produced a checkpoint, without git: the command, its arguments, versions and the machine's core count."
    return {"script": "tools/pretrain.py",
            "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
            "seed": args.seed, "python": platform.python_version(), "numpy": np.__version__,
            "cpu_count": os.cpu_count(), "created": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


# ---------------------------------------------------------------------------------------------------------------
# digits MLP
# ---------------------------------------------------------------------------------------------------------------
def train_digits(args) -> int:
    X_train, y_train, X_test, y_test = load_digits()
    manual_seed(args.seed)
    cnn = args.model == "digits-cnn"
    model = make_digits_cnn(args.channels) if cnn else make_mlp(args.sizes)
    label = f"digits CNN channels {args.channels}" if cnn else f"digits MLP {args.sizes}"
    optimizer = AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    loader = DataLoader(X_train, y_train, batch_size=args.batch_size, shuffle=True, seed=args.seed)
    t0 = time.perf_counter()
    history = fit(model, optimizer, loader, epochs=args.epochs, progress=True)
    seconds = time.perf_counter() - t0
    # A fixed number of epochs, no model selection: the test set is only measured, never used to choose.
    test_loss, test_acc = evaluate(model, X_test, y_test)
    train_acc = accuracy(model, X_train, y_train)
    print(f"{label}: train accuracy {train_acc:.4f}, test accuracy {test_acc:.4f} "
          f"(test loss {test_loss:.4f}) after {args.epochs} epochs in {seconds:.1f} s")
    metrics = {"test_accuracy": test_acc, "test_loss": test_loss, "train_accuracy": train_acc,
               "final_train_loss": history[-1]["train_loss"], "n_train": len(X_train), "n_test": len(X_test),
               "train_seconds": round(seconds, 2)}
    default = DIGITS_CNN_CHECKPOINT if cnn else DIGITS_MLP_CHECKPOINT
    path = save_checkpoint(model, args.out or DATA_DIR / default, metrics=metrics, **provenance(args))
    print(f"wrote {path} ({path.stat().st_size / 1024:.1f} KiB)")
    floor = 0.97 if cnn else 0.95                      # the CNN must beat the MLP's 96.9 %
    if test_acc < floor:
        print(f"WARNING: test accuracy {test_acc:.4f} is below the {floor} the course expects", file=sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------------------------------------------------------
# TinyGPT
# ---------------------------------------------------------------------------------------------------------------
def learning_rate(step: int, args) -> float:
    "Linear warm-up for `warmup` steps, then cosine decay from lr to lr/10."
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    progress = (step - args.warmup) / max(1, args.steps - args.warmup)
    return args.lr * (0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * progress)))


def max_offset(step: int, args) -> int:
    """Curriculum for the position offset of short windows: 0 until offset_ramp[0] (the model first learns
    characters and local structure at positions 0..block_size-1, fast), then growing linearly to max_len -
    block_size at offset_ramp[1], so new position rows are always next to already-trained ones."""
    lo, hi = args.offset_ramp
    if step < lo:
        return 0
    return int(min(1.0, (step - lo) / max(1, hi - lo)) * (args.max_len - args.block_size))


def clip_grad_norm(params, max_norm: float) -> float:
    "Scale all gradients so their global L2 norm is at most max_norm; returns the norm before clipping."
    norm = math.sqrt(sum(float((p.grad.astype(np.float64) ** 2).sum()) for p in params if p.grad is not None))
    if norm > max_norm:
        scale = max_norm / (norm + 1e-6)   # Python float: gradients stay float32
        for p in params:
            if p.grad is not None:
                p.grad *= scale
    return norm


def position_losses(model, ids, block_size: int, windows: int) -> tuple:
    "Mean loss at positions < 128 and >= 128 of the first `windows` windows of length block_size (long context)."
    from tinytorch.core.data import eval_windows
    from tinytorch.core.tensor import no_grad
    x, y = eval_windows(ids, block_size)
    x, y = x[:windows], y[:windows]
    with no_grad():
        logits = model(x).data.astype(np.float64)
    logits -= logits.max(-1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    nll = -np.take_along_axis(logp, y[..., None], -1)[..., 0]      # (N, T)
    return float(nll[:, :128].mean()), float(nll[:, 128:].mean())


def train_gpt(args) -> int:
    text = load_text_corpus()
    tok = CharTokenizer(text)
    train_text, val_text = train_val_split_text(text, args.val_fraction)
    train_ids, val_ids = tok.encode(train_text), tok.encode(val_text)
    manual_seed(args.seed)
    model = TinyGPT(tok.vocab_size, args.d_model, args.n_heads, args.n_layers, args.max_len)
    params = model.parameters()
    n_bytes = sum(p.data.nbytes for p in params)
    print(f"TinyGPT {model.config}: {model.num_parameters():,} parameters ({n_bytes / 2**20:.2f} MiB float32); "
          f"corpus {len(text):,} chars, V={tok.vocab_size}, train {len(train_ids):,} / val {len(val_ids):,}")
    optimizer = AdamW(params, lr=args.lr, betas=(0.9, 0.99), weight_decay=args.weight_decay)
    rng = np.random.default_rng(args.seed)
    short = TextBatches(train_ids, args.block_size, args.batch_size, args.steps, args.seed)
    long = TextBatches(train_ids, args.long_block_size, args.long_batch_size, args.steps, args.seed)
    log, t0 = [], time.perf_counter()
    bar = tqdm(range(args.steps), desc="TinyGPT", mininterval=5.0, file=sys.stdout)
    for step in bar:
        # Module 16 generates 512+ tokens, so positions up to max_len must work. Every `long_every`-th step trains
        # on a few full-length windows (attention over long contexts)...
        is_long = args.long_every > 0 and step % args.long_every == args.long_every - 1
        x, y = (long if is_long else short).sample(rng)
        # ...and most short windows are placed at a random position offset (curriculum: see max_offset), so every
        # position embedding up to max_len gets trained. (A run without offsets had val loss 0.66 at positions
        # < 128 but 2.19 at positions >= 128 of 1024-char windows; uniform offsets from step 0 learned slowly.)
        start = 0
        if not is_long and float(rng.random()) < args.offset_fraction:
            start = int(rng.integers(0, max_offset(step, args) + 1))
        optimizer.lr = learning_rate(step, args)
        optimizer.zero_grad()
        loss = cross_entropy(model(x, start_pos=start), y)
        loss.backward()
        grad_norm = clip_grad_norm(params, args.clip)
        optimizer.step()
        if step % args.eval_every == 0 or step == args.steps - 1:
            val = lm_loss(model, val_ids, args.block_size, max_windows=args.eval_windows)
            log.append({"step": step, "train_loss": round(float(loss.item()), 4), "val_loss": round(val, 4),
                        "grad_norm": round(grad_norm, 3), "seconds": round(time.perf_counter() - t0, 1)})
            bar.write(f"step {step:5d}  train {loss.item():.3f}  val {val:.3f}  |g| {grad_norm:.2f}  "
                      f"lr {optimizer.lr:.2e}  {time.perf_counter() - t0:6.0f} s")
        else:
            bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
    bar.close()
    seconds = time.perf_counter() - t0

    val_loss = lm_loss(model, val_ids, args.block_size)          # every non-overlapping 128-char val window
    short_ctx, long_ctx = position_losses(model, val_ids, args.max_len, windows=8)
    sample = tok.decode(model.generate(tok.encode("The quick brown fox"), 300, temperature=0.8, seed=args.seed))
    metrics = {"val_loss": val_loss, "val_chars": len(val_ids), "eval_block_size": args.block_size,
               "uniform_loss_log_V": math.log(tok.vocab_size), "unigram_entropy": unigram_entropy(text),
               "val_loss_positions_0_127_at_T1024": short_ctx, "val_loss_positions_128_1023_at_T1024": long_ctx,
               "train_seconds": round(seconds, 1), "log": log}
    print(f"validation loss {val_loss:.4f} nats/char (uniform log V = {math.log(tok.vocab_size):.4f}, unigram "
          f"entropy {unigram_entropy(text):.4f}); T=1024 windows: positions <128 {short_ctx:.4f}, "
          f">=128 {long_ctx:.4f}; trained {args.steps} steps in {seconds:.0f} s")
    print("sample (temperature 0.8):\n" + sample)
    path = save_checkpoint(model, args.out or DATA_DIR / TINYGPT_CHECKPOINT, tokenizer=tok, metrics=metrics,
                           sample=sample, **provenance(args))
    print(f"wrote {path} ({path.stat().st_size / 2**20:.2f} MiB)")
    return 0


# ---------------------------------------------------------------------------------------------------------------
# draft TinyGPT (module 16, speculative decoding)
# ---------------------------------------------------------------------------------------------------------------
TINYGPT_DRAFT_CHECKPOINT = "tinygpt_draft.npz"


def greedy_agreement(draft, teacher, prompts, n_tokens: int) -> float:
    """Fraction of the teacher's own greedy tokens that the draft's argmax predicts, given the same prefix: the
    acceptance rate of each draft proposal in greedy speculative decoding (every proposal is judged on a prefix of
    the teacher's greedy text). prompts: list of 1-D id arrays; the teacher continues each by n_tokens (cached)."""
    from tinytorch.core.tensor import no_grad
    from tinytorch.generation.kv_cache import generate
    hits = total = 0
    with no_grad():
        for prompt in prompts:
            text = generate(teacher, prompt, n_tokens)[None]                 # (1, T0 + n): the teacher's greedy text
            guess = draft(text[:, :-1]).data[0, len(prompt) - 1:].argmax(-1)    # the draft's argmax at each step
            hits += int((guess == text[0, len(prompt):]).sum())
            total += n_tokens
    return hits / total


def draft_prompts(ids, n: int, length: int, seed: int) -> list:
    "n random windows of `length` ids (prompts), drawn with `seed`."
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n:
        start = int(rng.integers(0, len(ids) - length - 1))
        out.append(ids[start:start + length])
    return out


def train_draft(args) -> int:
    """Distil the shipped TinyGPT (teacher) into a small TinyGPT: cross-entropy against the teacher's softmax at every
    position of random training windows (placed at random position offsets up to max_len, so every position the
    generator reaches is trained). The draft's embeddings, final LayerNorm and head start as the teacher's when the
    widths match (d_model 128), its block as the teacher's first block."""
    from tinytorch.core.tensor import Tensor, no_grad
    from tinytorch.core.transformer import load_tinygpt
    teacher, tok = load_tinygpt()
    text = load_text_corpus()
    train_text, val_text = train_val_split_text(text, args.val_fraction)
    train_ids, val_ids = tok.encode(train_text), tok.encode(val_text)
    manual_seed(args.seed)
    model = TinyGPT(tok.vocab_size, args.d_model, args.n_heads, args.n_layers, teacher.max_len)
    if args.d_model == teacher.config["d_model"] and args.init_from_teacher:
        state = teacher.state_dict()
        own = model.state_dict()
        copied = {k: v for k, v in state.items() if k in own and own[k].shape == v.shape}
        own.update(copied)
        model.load_state_dict(own)
        print(f"initialised {len(copied)} of {len(own)} arrays from the teacher")
    params = model.parameters()
    print(f"draft TinyGPT {model.config}: {model.num_parameters():,} parameters; teacher {teacher.config}")
    optimizer = AdamW(params, lr=args.lr, betas=(0.9, 0.99), weight_decay=args.weight_decay)
    rng = np.random.default_rng(args.seed)
    batches = TextBatches(train_ids, args.block_size, args.batch_size, args.steps, args.seed)
    log, t0 = [], time.perf_counter()
    bar = tqdm(range(args.steps), desc="draft", mininterval=5.0, file=sys.stdout)
    for step in bar:
        x, _ = batches.sample(rng)
        start = int(rng.integers(0, teacher.max_len - args.block_size + 1))
        with no_grad():
            z = teacher(x, start_pos=start).data.astype(np.float64)
        z -= z.max(axis=-1, keepdims=True)
        p = np.exp(z)
        p = (p / p.sum(axis=-1, keepdims=True)).astype(np.float32)         # the teacher's next-char distribution
        optimizer.lr = learning_rate(step, args)
        optimizer.zero_grad()
        logp = model(x, start_pos=start).log_softmax(axis=-1)
        loss = -(logp * Tensor(p)).sum() * (1.0 / p[..., 0].size)           # soft cross-entropy, mean per position
        loss.backward()
        grad_norm = clip_grad_norm(params, args.clip)
        optimizer.step()
        if step % args.eval_every == 0 or step == args.steps - 1:
            val = lm_loss(model, val_ids, args.block_size, max_windows=args.eval_windows)
            log.append({"step": step, "distill_loss": round(float(loss.item()), 4), "val_loss": round(val, 4),
                        "seconds": round(time.perf_counter() - t0, 1)})
            bar.write(f"step {step:5d}  distill {loss.item():.3f}  val {val:.3f}  |g| {grad_norm:.2f}  "
                      f"{time.perf_counter() - t0:6.0f} s")
    bar.close()
    seconds = time.perf_counter() - t0
    model.eval()
    val_loss = lm_loss(model, val_ids, args.block_size)
    prompts = draft_prompts(val_ids, args.agreement_prompts, 32, args.seed)
    agreement = greedy_agreement(model, teacher, prompts, args.agreement_tokens)
    teacher_val = lm_loss(teacher, val_ids, args.block_size)
    metrics = {"val_loss": val_loss, "teacher_val_loss": teacher_val, "greedy_agreement": agreement,
               "agreement_prompts": args.agreement_prompts, "agreement_tokens": args.agreement_tokens,
               "train_seconds": round(seconds, 1), "log": log}
    print(f"draft: validation loss {val_loss:.4f} nats/char (teacher {teacher_val:.4f}); greedy agreement with the "
          f"teacher {agreement:.4f} over {args.agreement_prompts} x {args.agreement_tokens} tokens of held-out "
          f"prompts; trained {args.steps} steps in {seconds:.0f} s")
    path = save_checkpoint(model, args.out or DATA_DIR / TINYGPT_DRAFT_CHECKPOINT, tokenizer=tok, metrics=metrics,
                           teacher=TINYGPT_CHECKPOINT, **provenance(args))
    print(f"wrote {path} ({path.stat().st_size / 2**20:.2f} MiB)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Train the shipped tinytorch checkpoints.")
    sub = parser.add_subparsers(dest="model", required=True)
    d = sub.add_parser("digits", help="the digits MLP")
    d.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 64, 10])
    d.add_argument("--epochs", type=int, default=30)
    d.add_argument("--batch-size", type=int, default=32)
    d.add_argument("--lr", type=float, default=3e-3)
    d.add_argument("--weight-decay", type=float, default=1e-4)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--out", type=Path, default=None)
    c = sub.add_parser("digits-cnn", help="the digits CNN (make_digits_cnn)")
    c.add_argument("--channels", type=int, nargs=2, default=[8, 16])
    c.add_argument("--epochs", type=int, default=30)
    c.add_argument("--batch-size", type=int, default=32)
    c.add_argument("--lr", type=float, default=3e-3)
    c.add_argument("--weight-decay", type=float, default=1e-4)
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--out", type=Path, default=None)
    g = sub.add_parser("gpt", help="the character-level TinyGPT")
    g.add_argument("--d-model", type=int, default=128)
    g.add_argument("--n-heads", type=int, default=4)
    g.add_argument("--n-layers", type=int, default=4)
    g.add_argument("--max-len", type=int, default=1024)
    g.add_argument("--steps", type=int, default=1200)
    g.add_argument("--batch-size", type=int, default=16)
    g.add_argument("--block-size", type=int, default=128)
    g.add_argument("--long-every", type=int, default=10, help="every N-th step uses long windows (0: never)")
    g.add_argument("--long-batch-size", type=int, default=2)
    g.add_argument("--offset-ramp", type=int, nargs=2, default=[250, 900], metavar=("START", "END"),
                   help="steps over which the largest random offset grows from 0 to max_len - block_size")
    g.add_argument("--offset-fraction", type=float, default=0.75,
                   help="fraction of short windows placed at a random position offset (the rest start at 0)")
    g.add_argument("--long-block-size", type=int, default=1024)
    g.add_argument("--lr", type=float, default=2e-3)
    g.add_argument("--warmup", type=int, default=50)
    g.add_argument("--weight-decay", type=float, default=0.01)
    g.add_argument("--clip", type=float, default=1.0)
    g.add_argument("--val-fraction", type=float, default=0.1)
    g.add_argument("--eval-every", type=int, default=100)
    g.add_argument("--eval-windows", type=int, default=32)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--out", type=Path, default=None)
    r = sub.add_parser("gpt-draft", help="a small TinyGPT distilled from the shipped one (module 16's draft)")
    r.add_argument("--d-model", type=int, default=64)
    r.add_argument("--n-heads", type=int, default=2)
    r.add_argument("--n-layers", type=int, default=1)
    r.add_argument("--init-from-teacher", type=int, default=1, help="1: start from the teacher's arrays of equal shape")
    r.add_argument("--steps", type=int, default=1500)
    r.add_argument("--batch-size", type=int, default=16)
    r.add_argument("--block-size", type=int, default=128)
    r.add_argument("--lr", type=float, default=3e-3)
    r.add_argument("--warmup", type=int, default=30)
    r.add_argument("--weight-decay", type=float, default=0.01)
    r.add_argument("--clip", type=float, default=1.0)
    r.add_argument("--val-fraction", type=float, default=0.1)
    r.add_argument("--eval-every", type=int, default=100)
    r.add_argument("--eval-windows", type=int, default=32)
    r.add_argument("--agreement-prompts", type=int, default=8)
    r.add_argument("--agreement-tokens", type=int, default=256)
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--out", type=Path, default=None)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.model == "gpt-draft":
        return train_draft(args)
    return train_digits(args) if args.model in ("digits", "digits-cnn") else train_gpt(args)


if __name__ == "__main__":
    sys.exit(main())
