"""unpack_int4 returns the raw nibbles 0..15: negative codes come back as 8..15 (no sign extension)."""
CELL = "pack_int4"
REPLACE = [("    nibbles ^= 8                                     # sign-extend in two passes: (v ^ 8) - 8 maps 0..7 -> 0..7\n"
            "    nibbles -= 8                                     # and 8..15 -> -8..-1\n", "")]
FAILS = ["test_pack_int4"]
