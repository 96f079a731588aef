# Alternative: KL as sum p log p (a constant) minus the cross term, teacher scaled by 1/T, numbers.Real checks.
### BEGIN SOLUTION
import numbers
if not isinstance(student_logits, Tensor):
    raise TypeError(f"distillation_loss: student_logits must be a Tensor, got {type(student_logits).__name__}")
if len(student_logits.shape) != 2:
    raise ValueError(f"distillation_loss: student_logits must be (N, C), got shape {student_logits.shape}")
teacher = teacher_logits.data if isinstance(teacher_logits, Tensor) else np.asarray(teacher_logits)
if tuple(teacher.shape) != tuple(student_logits.shape):
    raise ValueError(f"distillation_loss: teacher_logits shape {teacher.shape} must equal student_logits "
                     f"shape {student_logits.shape}")
if isinstance(temperature, bool) or not isinstance(temperature, numbers.Real) or not 0 < temperature < math.inf:
    raise ValueError(f"distillation_loss: temperature must be a positive finite number, got {temperature!r}")
alpha = check_fraction(alpha, "alpha", "distillation_loss")
T = float(temperature)
dtype = student_logits.dtype
log_p = log_softmax_np(teacher.astype(dtype) * dtype.type(1.0 / T))   # teacher: a constant, in NumPy
p = np.exp(log_p)
log_q = (student_logits * (1.0 / T)).log_softmax(axis=1)
# KL(p || q) = sum p log p - sum p log q; the first sum does not depend on the student.
kl = (Tensor(np.sum(p * log_p, axis=1)) - (Tensor(p) * log_q).sum(axis=1)).mean()
return kl * (alpha * T ** 2) + nn.cross_entropy(student_logits, labels) * (1 - alpha)
### END SOLUTION
