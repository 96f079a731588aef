# Alternative: symmetric scale as 2·bound / levels, Python round (also half to even), np.clip for the clamp.
### BEGIN SOLUTION
lo, hi = min(0.0, x_min), max(0.0, x_max)
levels = qmax - qmin
if symmetric:
    bound = max(abs(lo), abs(hi))
    return (2 * bound / levels if bound > 0 else 1.0), 0
scale = (hi - lo) / levels or 1.0                    # a zero-width range gets scale 1.0
zero_point = qmin - round(lo / scale)
return float(scale), int(np.clip(zero_point, qmin, qmax))
### END SOLUTION
