"""Int4Linear.weight_float32 reads each byte's pair high nibble first (the table's columns swapped)."""
CELL = "Int4Linear"
REPLACE = [("pairs = INT4_PAIR_BITS[self.weight_packed.data].view(np.float32)",
            "pairs = INT4_PAIRS[self.weight_packed.data][..., ::-1].reshape(self.in_features, -1)")]
FAILS = ["test_Int4Linear"]
