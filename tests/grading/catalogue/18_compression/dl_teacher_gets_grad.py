# CELL: distillation_loss
# EXPECT: wrong
# WHY: uses a teacher Tensor in the graph (log_softmax on the Tensor): gradient flows into a teacher that requires grad (spec: a constant)
#| export
def distillation_loss(student_logits: Tensor, teacher_logits, labels, temperature: float = 4.0,
                      alpha: float = 0.9) -> Tensor:
    """alpha * T^2 * KL(softmax(t/T) || softmax(s/T)) + (1 - alpha) * CE(s, labels), a scalar Tensor.

    student_logits: Tensor (N, C), gradients flow to it; teacher_logits: Tensor or array (N, C), a constant;
    labels: (N,) int. KL is summed over classes and averaged over rows; CE is nn.cross_entropy at T = 1."""
    if not isinstance(student_logits, Tensor):
        raise TypeError(f"distillation_loss: student_logits must be a Tensor, got {type(student_logits).__name__}")
    if student_logits.ndim != 2:
        raise ValueError(f"distillation_loss: student_logits must be (N, C), got shape {student_logits.shape}")
    teacher = np.asarray(teacher_logits.data if isinstance(teacher_logits, Tensor) else teacher_logits)
    if teacher.shape != student_logits.shape:
        raise ValueError(f"distillation_loss: teacher_logits shape {teacher.shape} must equal student_logits "
                         f"shape {student_logits.shape}")
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.integer, np.floating)) \
            or not math.isfinite(temperature) or temperature <= 0:
        raise ValueError(f"distillation_loss: temperature must be a positive finite number, got {temperature!r}")
    alpha = check_fraction(alpha, "alpha", "distillation_loss")
    T = float(temperature)
    log_p_teacher = log_softmax_np(teacher.astype(student_logits.dtype) / student_logits.dtype.type(T))
    p_teacher = np.exp(log_p_teacher)
    log_p_student = (student_logits * (1.0 / T)).log_softmax(axis=-1)
    if isinstance(teacher_logits, Tensor):
        log_t = (teacher_logits * (1.0 / T)).log_softmax(axis=-1)
        kl = (log_t.exp() * (log_t - log_p_student)).sum(axis=-1).mean()
    else:
        kl = (Tensor(p_teacher) * (Tensor(log_p_teacher) - log_p_student)).sum(axis=-1).mean()
    return kl * (alpha * T * T) + nn.cross_entropy(student_logits, labels) * (1.0 - alpha)
