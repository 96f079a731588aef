"""fake_quantize's backward zeroes the gradient where |x| reaches its maximum ("clipped" values), although no value
lies outside its group's range."""
CELL = "fake_quantize"
REPLACE = [("return (g,)                        # straight through: rounding treated as the identity",
            "return (g * (np.abs(x.data) < np.abs(x.data).max(axis=0)),)")]
FAILS = ["test_fake_quantize"]
