"""pack_int4 puts code 2i in the HIGH nibble (big-endian nibble order) instead of the specified low nibble."""
CELL = "pack_int4"
REPLACE = [("return nibbles[..., 0::2] | (nibbles[..., 1::2] << 4)", "return (nibbles[..., 0::2] << 4) | nibbles[..., 1::2]")]
FAILS = ["test_pack_int4"]
