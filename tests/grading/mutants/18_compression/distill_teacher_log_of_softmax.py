"distillation_loss takes the teacher's log-probabilities as np.log of a (max-shifted) softmax: a probability that underflows to 0 gives log 0 = -inf and 0 * -inf = NaN when the teacher's logits are far apart (Task 6: log-probabilities from log_softmax_np, probabilities their exp)."
REPLACES = "distillation_loss"
FAILS = ["test_distillation_loss"]


def distillation_loss(student_logits, teacher_logits, labels, temperature=4.0, alpha=0.9):
    if not isinstance(student_logits, Tensor):
        raise TypeError("distillation_loss: student_logits must be a Tensor")
    if student_logits.ndim != 2:
        raise ValueError(f"distillation_loss: student_logits must be (N, C), got {student_logits.shape}")
    teacher = np.asarray(teacher_logits.data if isinstance(teacher_logits, Tensor) else teacher_logits)
    if teacher.shape != student_logits.shape:
        raise ValueError(f"distillation_loss: teacher shape {teacher.shape} != student {student_logits.shape}")
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.integer, np.floating)) \
            or not math.isfinite(temperature) or temperature <= 0:
        raise ValueError(f"distillation_loss: temperature must be positive and finite, got {temperature!r}")
    alpha = check_fraction(alpha, "alpha", "distillation_loss")
    T = float(temperature)
    z = teacher.astype(student_logits.dtype) * student_logits.dtype.type(1.0 / T)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    p_teacher = e / e.sum(axis=-1, keepdims=True)
    log_p_teacher = np.log(p_teacher)                                  # BUG: log(0) = -inf for far-apart logits
    log_p_student = (student_logits * (1.0 / T)).log_softmax(axis=-1)
    kl = (Tensor(p_teacher) * (Tensor(log_p_teacher) - log_p_student)).sum(axis=-1).mean()
    return kl * (alpha * T * T) + nn.cross_entropy(student_logits, labels) * (1.0 - alpha)
