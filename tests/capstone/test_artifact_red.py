"""Red-team regressions of the artifact loader (issue 19, helper red): files crafted by hand that once got past the
loader's checks. The attacks it already held against are listed in notes/i19_red.md."""
import io
import json
import zipfile

import numpy as np
import pytest

from tinytorch.capstone.artifact import ArtifactError, load_artifact, save_artifact
from tinytorch.core.transformer import load_digits_mlp


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return save_artifact(load_digits_mlp(), tmp_path_factory.mktemp("red") / "mlp.tta", "digits")


def _with_header_only(good, dst, key: str, shape: tuple, data: bytes):
    "The artifact with array `key` declared (manifest and .npy header agree) as float32 `shape`, holding `data`."
    with zipfile.ZipFile(good) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["arrays"][key]["shape"] = list(shape)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f4", "fortran_order": False, "shape": shape})
    members["manifest.json"] = json.dumps(manifest).encode()
    members[key + ".npy"] = header.getvalue() + data
    with zipfile.ZipFile(dst, "w") as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    return dst


@pytest.mark.parametrize("shape", [(2 ** 20, 2 ** 20), (2 ** 16, 2 ** 15), (2 ** 16,) * 4])
def test_a_header_claiming_terabytes_is_refused_before_any_allocation(good, tmp_path, shape):
    """Attack: a 64-byte member whose (truthful-looking) header and manifest both claim 4 TiB. numpy allocates the
    whole array before reading, so this was a MemoryError (not an ArtifactError) or a multi-GiB allocation; (2**16,)*4
    overflows numpy's int64 element count to 0. Now the header's size is checked against the member's bytes."""
    bad = _with_header_only(good, tmp_path / "big.tta", "0.weight", shape, bytes(64))
    needed = int(np.prod(shape, dtype=object)) * 4
    with pytest.raises(ArtifactError, match=f"with {needed:,} bytes of data after its header, found 64 bytes"):
        load_artifact(bad)


def test_trailing_bytes_after_the_array_are_refused(good, tmp_path):
    "The member must hold exactly the array its header describes: extra bytes are a lie too."
    data = np.zeros((64, 128), np.float32).tobytes()
    bad = _with_header_only(good, tmp_path / "tail.tta", "0.weight", (64, 128), data + b"hidden payload")
    with pytest.raises(ArtifactError, match=f"with {len(data):,} bytes of data after its header, found "
                                            f"{len(data) + 14:,} bytes"):
        load_artifact(bad)
    assert load_artifact(_with_header_only(good, tmp_path / "ok.tta", "0.weight", (64, 128), data)).task == "digits"
