"self_percent divides by the whole model's inclusive time: when a sub-module is also called directly in the block, the total self time is larger (spec: share of the **total self time**, the values sum to 100)."
REPLACES = "ProfileResult"
FAILS = ['test_profiler']


def self_percent(self) -> dict:
    "{module name: percentage of the total self time}; the values sum to 100 (all 0 if nothing was timed)."
    total = self.modules[""].inclusive_ns   # BUG
    return {name: (100.0 * s.self_ns / total if total else 0.0) for name, s in self.modules.items()}


ProfileResult.self_percent = self_percent
