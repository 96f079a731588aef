# Alternative: every log-softmax written by hand, max-shifted (student: the row max taken as a constant); teacher
# probabilities from their own shifted softmax; cross-entropy by picking the labels' log-probabilities.
### BEGIN SOLUTION
if not isinstance(student_logits, Tensor):
    raise TypeError(f"distillation_loss: student_logits must be a Tensor, got {type(student_logits).__name__}")
if student_logits.ndim != 2:
    raise ValueError(f"distillation_loss: student_logits must be (N, C), got shape {student_logits.shape}")
teacher = np.asarray(teacher_logits.data if isinstance(teacher_logits, Tensor) else teacher_logits)
if teacher.shape != student_logits.shape:
    raise ValueError(f"distillation_loss: teacher shape {teacher.shape} differs from student {student_logits.shape}")
if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.integer, np.floating)) \
        or not math.isfinite(temperature) or not temperature > 0:
    raise ValueError(f"distillation_loss: temperature must be a positive finite number, got {temperature!r}")
alpha = check_fraction(alpha, "alpha", "distillation_loss")
T = float(temperature)
dtype = student_logits.dtype


def log_softmax_tensor(z):
    shifted = z - Tensor(z.data.max(axis=1, keepdims=True))          # the max is a constant: no gradient needed
    return shifted - shifted.exp().sum(axis=1, keepdims=True).log()


zt = teacher.astype(dtype) * dtype.type(1.0 / T)
e = np.exp(zt - zt.max(axis=1, keepdims=True))
p_teacher = e / e.sum(axis=1, keepdims=True)
log_p_teacher = log_softmax_np(zt)
kl = (Tensor(p_teacher) * (Tensor(log_p_teacher) - log_softmax_tensor(student_logits * (1.0 / T)))).sum(axis=1).mean()
labels = np.asarray(labels.data if isinstance(labels, Tensor) else labels)
ce = -log_softmax_tensor(student_logits)[np.arange(labels.size), labels].mean()
return kl * (alpha * T * T) + ce * (1.0 - alpha)
### END SOLUTION
