# Alternative: the baseline is read before reset_peak() (the same level: reset_peak sets the peak to the current
# level); fn's result is dropped before the peak is read; activation bytes in a defaultdict turned into a dict.
### BEGIN SOLUTION
import collections
names = {id(m): name for name, m in self.model.named_modules()}
sizes = collections.defaultdict(int)
handles = [m.register_forward_hook(lambda mod, args, out: sizes.__setitem__(names[id(mod)],
                                                                           sizes[names[id(mod)]] + _nbytes(out)))
           for m in self.model.modules()]
try:
    with no_grad():
        self.model(*inputs)
finally:
    for h in handles:
        h.remove()
return {name: sizes[name] for name in names.values()}
### END SOLUTION
### BEGIN SOLUTION
mine = not tracemalloc.is_tracing()
if mine:
    tracemalloc.start()
try:
    start_level = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    fn()
    top = tracemalloc.get_traced_memory()[1]
finally:
    if mine:
        tracemalloc.stop()
return max(0, int(top - start_level))
### END SOLUTION
### BEGIN SOLUTION
return int(psutil.Process().memory_info().rss)
### END SOLUTION
