# Alternative: sorted(reverse=True) by attrgetter, percentages via a times dict, the parent looked up once.
### BEGIN SOLUTION
import operator
return sorted(self.modules.values(), key=operator.attrgetter("self_ns"), reverse=True)
### END SOLUTION
### BEGIN SOLUTION
times = {name: s.self_ns for name, s in self.modules.items()}
total = sum(times.values())
if not total:
    return dict.fromkeys(times, 0.0)
return {name: t / total * 100.0 for name, t in times.items()}
### END SOLUTION
### BEGIN SOLUTION
frame = _Frame(self._result.modules[self._names[id(module)]])
self._stack.append(frame)
frame.stats.input_bytes += _nbytes(inputs)
frame.start = self.clock()      # last: the hook's own work is not charged to the module
### END SOLUTION
### BEGIN SOLUTION
end = self.clock()
frame = self._stack.pop()
duration = end - frame.start
s = frame.stats
s.calls, s.inclusive_ns = s.calls + 1, s.inclusive_ns + duration
s.self_ns += duration - frame.children_ns
s.flops += frame.flops
s.output_bytes += _nbytes(output)
parent = self._stack[-1] if self._stack else None
if parent is not None:
    parent.children_ns += duration
    parent.flops += frame.flops
### END SOLUTION
### BEGIN SOLUTION
if not self._stack:
    return
innermost = self._stack[-1]
innermost.flops += flops
innermost.stats.self_flops += flops
### END SOLUTION
