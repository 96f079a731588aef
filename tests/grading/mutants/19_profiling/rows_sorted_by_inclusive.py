"The report is sorted by inclusive time: the whole model is always on top and says nothing."
REPLACES = "ProfileResult"
FAILS = ['test_profiler']


def rows(self) -> list:
    "ModuleStats sorted by self time, largest first (ties keep model order)."
    return sorted(self.modules.values(), key=lambda s: -s.inclusive_ns)   # BUG


ProfileResult.rows = rows
