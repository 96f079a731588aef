"""quantize rounds ties away from zero (floor(|v| + 0.5)) instead of half to even: a bias on every tie."""
CELL = "quantize"
REPLACE = [("np.rint(codes, out=codes)                  # round half to even",
            "codes = np.sign(codes) * np.floor(np.abs(codes) + 0.5)")]
FAILS = ["test_quantize"]
