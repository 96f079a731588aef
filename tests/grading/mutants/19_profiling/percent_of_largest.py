"Percentages relative to the largest self time: they do not sum to 100."
REPLACES = "ProfileResult"
FAILS = ['test_profiler']


def self_percent(self) -> dict:
    "{module name: percentage of the total self time}; the values sum to 100 (all 0 if nothing was timed)."
    total = max(s.self_ns for s in self.modules.values())   # BUG
    return {name: (100.0 * s.self_ns / total if total else 0.0) for name, s in self.modules.items()}


ProfileResult.self_percent = self_percent
