"""pack_int4 stores code + 8 (offset binary) instead of the 4-bit two's complement code & 0xF."""
CELL = "pack_int4"
REPLACE = [("nibbles = (codes & 0xF).astype(np.uint8)", "nibbles = (codes + 8).astype(np.uint8)")]
FAILS = ["test_pack_int4"]
