"""Int4Linear.weight_float32 reshapes to (G, in / G, out): row r gets the scale of group r % (in / G) instead of
r // G (groups interleaved instead of consecutive)."""
CELL = "Int4Linear"
REPLACE = [("groups = codes.reshape(self.in_features // self.group_size, self.group_size, self.out_features)",
            "groups = codes.reshape(self.group_size, self.in_features // self.group_size, self.out_features)"),
           ("groups *= self.weight_scale.data.astype(np.float32)[:, None, :]",
            "groups *= self.weight_scale.data.astype(np.float32)[None, :, :]")]
FAILS = ["test_Int4Linear"]
