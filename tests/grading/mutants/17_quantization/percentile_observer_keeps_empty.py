"""PercentileObserver appends empty batches to self.values: after only empty batches qparams() fails inside
np.percentile instead of raising the 'nothing observed yet' RuntimeError (spec: empty batches are ignored)."""
CELL = "PercentileObserver"
REPLACE = [("        if x.size:\n            self.values.append(",
            "        if True:                                     # BUG: empty batches are kept\n"
            "            self.values.append(")]
FAILS = ["test_PercentileObserver"]
