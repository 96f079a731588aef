"distillation_loss validates nothing: temperature 0 or alpha 1.5 give garbage instead of a clear error."
REPLACES = "distillation_loss"
FAILS = ["test_distillation_loss"]


def distillation_loss(student_logits, teacher_logits, labels, temperature=4.0, alpha=0.9):
    teacher = np.asarray(teacher_logits.data if isinstance(teacher_logits, Tensor) else teacher_logits)
    T = float(temperature)                                           # BUG: no checks at all
    log_p_teacher = log_softmax_np(teacher.astype(student_logits.dtype) / student_logits.dtype.type(T))
    p_teacher = np.exp(log_p_teacher)
    log_p_student = (student_logits * (1.0 / T)).log_softmax(axis=-1)
    kl = (Tensor(p_teacher) * (Tensor(log_p_teacher) - log_p_student)).sum(axis=-1).mean()
    return kl * (alpha * T * T) + nn.cross_entropy(student_logits, labels) * (1.0 - alpha)
