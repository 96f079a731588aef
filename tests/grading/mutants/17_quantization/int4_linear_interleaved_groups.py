"""Int4Linear.weight_float32 reshapes to (G, in / G, out): row r gets the scale of group r % (in / G) instead of
r // G (groups interleaved instead of consecutive)."""
CELL = "Int4Linear"
REPLACE = [("reshape(self.in_features // self.group_size, self.group_size,",
            "reshape(self.group_size, self.in_features // self.group_size,"),
           ("groups *= self.weight_scale.data.astype(np.float32)[:, None, :]",
            "groups *= self.weight_scale.data.astype(np.float32)[None, :, :]")]
FAILS = ["test_Int4Linear"]
