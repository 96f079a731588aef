"""fake_quantize's backward uses the true derivative of rounding (0 almost everywhere) instead of the STE."""
CELL = "fake_quantize"
REPLACE = [("return (g,)                        # straight through: rounding treated as the identity",
            "return (np.zeros_like(g),)")]
FAILS = ["test_fake_quantize", "test_QATLinear"]
