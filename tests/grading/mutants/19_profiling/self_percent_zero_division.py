"self_percent divides without checking for a zero total: a region in which nothing was timed raises ZeroDivisionError (spec: all 0 if the total is 0)."
REPLACES = "ProfileResult"
FAILS = ['test_profiler']


def self_percent(self) -> dict:
    "{module name: percentage of the total self time}; the values sum to 100 (all 0 if nothing was timed)."
    total = sum(s.self_ns for s in self.modules.values())
    return {name: 100.0 * s.self_ns / total for name, s in self.modules.items()}   # BUG: no zero check


ProfileResult.self_percent = self_percent
