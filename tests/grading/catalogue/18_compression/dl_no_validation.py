# CELL: distillation_loss
# EXPECT: wrong
# WHY: no argument checks: temperature 0/negative/inf, alpha outside [0,1], non-2-D or mismatched shapes are not rejected
#| export
def distillation_loss(student_logits: Tensor, teacher_logits, labels, temperature: float = 4.0,
                      alpha: float = 0.9) -> Tensor:
    """alpha * T^2 * KL(softmax(t/T) || softmax(s/T)) + (1 - alpha) * CE(s, labels), a scalar Tensor.

    student_logits: Tensor (N, C), gradients flow to it; teacher_logits: Tensor or array (N, C), a constant;
    labels: (N,) int. KL is summed over classes and averaged over rows; CE is nn.cross_entropy at T = 1."""
    if not isinstance(student_logits, Tensor):
        raise TypeError(f"distillation_loss: student_logits must be a Tensor, got {type(student_logits).__name__}")
    teacher = np.asarray(teacher_logits.data if isinstance(teacher_logits, Tensor) else teacher_logits)
    T = float(temperature)
    log_p_teacher = log_softmax_np(teacher.astype(student_logits.dtype) / student_logits.dtype.type(T))
    p_teacher = np.exp(log_p_teacher)
    log_p_student = (student_logits * (1.0 / T)).log_softmax(axis=-1)
    kl = (Tensor(p_teacher) * (Tensor(log_p_teacher) - log_p_student)).sum(axis=-1).mean()
    return kl * (alpha * T * T) + nn.cross_entropy(student_logits, labels) * (1.0 - alpha)
