# Alternative: exact rational arithmetic (fractions.Fraction) for the product, rounded up with math.ceil.
### BEGIN SOLUTION
import numbers
from fractions import Fraction
sizes = [_check_size(name, value) for name, value in
         (("n_layers", n_layers), ("batch", batch), ("n_heads", n_heads), ("head_dim", head_dim))]
positions = _check_size("seq_len", seq_len, minimum=0)
if type(bytes_per_elem) is bool or not isinstance(bytes_per_elem, numbers.Real) or bytes_per_elem <= 0:
    raise ValueError(f"bytes_per_elem must be a positive number, got {bytes_per_elem!r}")
elements = 2 * positions * math.prod(sizes)
return math.ceil(elements * Fraction(float(bytes_per_elem)))
### END SOLUTION
