"""Build tinytorch/data/digits.npz (and DIGITS_LICENSE.md) from the UCI optical handwritten digits.

Run once, by a maintainer, with scikit-learn available in a SCRATCH environment (the repo never needs sklearn):

    python3 -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn
    /tmp/skl/bin/python tools/make_digits.py            # writes tinytorch/data/digits.npz

scikit-learn bundles the 1,797-image test set of the UCI "Optical Recognition of Handwritten Digits" data (8x8
images, pixel counts 0..16). We store the pixels and labels as uint8 plus a FIXED stratified ~80/20 train/test split
made with a seeded NumPy generator, so every learner and every test sees exactly the same split.
"""
import argparse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tinytorch" / "data" / "digits.npz"
SEED = 20240615
TEST_FRACTION = 0.2

LICENSE_NOTE = """\
# Digits data: source, license and attribution

`digits.npz` holds the 8×8 handwritten digit images of the **Optical Recognition of Handwritten Digits** data set
from the UCI Machine Learning Repository (1,797 images, pixel values 0..16, labels 0..9), as bundled with
scikit-learn (`sklearn.datasets.load_digits`).

* Creators: E. Alpaydin and C. Kaynak, Department of Computer Engineering, Bogazici University, Istanbul, Turkey.
* Source: UCI Machine Learning Repository, https://doi.org/10.24432/C50P49
  (https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits)
* Citation: Alpaydin, E. & Kaynak, C. (1998). Optical Recognition of Handwritten Digits [Dataset].
  UCI Machine Learning Repository. https://doi.org/10.24432/C50P49
* License: Creative Commons Attribution 4.0 International (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/

Changes made here: pixels and labels stored as uint8 arrays, and a fixed stratified train/test split added
(`train_idx`, `test_idx`, made by `tools/make_digits.py` with seed {seed}, test fraction {frac}).
"""


def stratified_split(labels: np.ndarray, test_fraction: float, seed: int):
    "Indices (train, test), each sorted: every class contributes round(test_fraction * its count) test images."
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        n_test = int(round(test_fraction * len(members)))
        test.append(members[:n_test])
        train.append(members[n_test:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    from sklearn.datasets import load_digits  # only here: the package itself never imports sklearn

    bunch = load_digits()
    pixels = bunch.data.astype(np.uint8)            # (1797, 64), values 0..16
    labels = bunch.target.astype(np.uint8)          # (1797,), values 0..9
    assert pixels.shape == (1797, 64) and pixels.max() == 16 and set(labels) == set(range(10))
    train_idx, test_idx = stratified_split(labels, TEST_FRACTION, SEED)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, pixels=pixels, labels=labels, train_idx=train_idx.astype(np.int64),
                        test_idx=test_idx.astype(np.int64), seed=np.int64(SEED))
    (args.out.parent / "DIGITS_LICENSE.md").write_text(LICENSE_NOTE.format(seed=SEED, frac=TEST_FRACTION))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.1f} KiB): {len(train_idx)} train, "
          f"{len(test_idx)} test images")


if __name__ == "__main__":
    main()
