"""unpack_int4 reads the high nibble first (the even codes from bits 4-7)."""
CELL = "pack_int4"
REPLACE = [("nibbles[..., 0::2] = packed & 0xF", "nibbles[..., 0::2] = packed >> 4"),
           ("nibbles[..., 1::2] = packed >> 4 ", "nibbles[..., 1::2] = packed & 0xF")]
FAILS = ["test_pack_int4"]
