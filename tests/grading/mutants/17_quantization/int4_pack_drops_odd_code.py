"""pack_int4 stores n // 2 bytes: an odd last code is dropped instead of padded with a zero nibble."""
CELL = "pack_int4"
REPLACE = [("nibbles = np.concatenate([nibbles, np.zeros(nibbles.shape[:-1] + (1,), dtype=np.uint8)], axis=-1)",
            "nibbles = nibbles[..., :-1]")]
FAILS = ["test_pack_int4"]
