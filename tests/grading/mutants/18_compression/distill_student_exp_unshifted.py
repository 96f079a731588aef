"distillation_loss writes the student's log-softmax as z - log(sum(exp(z))) with z = s / T and no max shift: exp overflows for float32 logits above about 88·T and the loss is inf/NaN (Task 6: use log_softmax, max-shifted)."
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
    log_p_teacher = log_softmax_np(teacher.astype(student_logits.dtype) / student_logits.dtype.type(T))
    p_teacher = np.exp(log_p_teacher)
    z = student_logits * (1.0 / T)
    log_p_student = z - z.exp().sum(axis=-1, keepdims=True).log()      # BUG: exp overflows
    kl = (Tensor(p_teacher) * (Tensor(log_p_teacher) - log_p_student)).sum(axis=-1).mean()
    return kl * (alpha * T * T) + nn.cross_entropy(student_logits, labels) * (1.0 - alpha)
