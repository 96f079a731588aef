"""tinytorch.core.timing: interleaved repeated timing (the given helper of the notebooks and benchmarks).

No real timing is asserted: a fake clock advances by known durations when the fake fns run, so every sample is
known exactly, and a log of calls checks the order."""
import numpy as np
import pytest

from tinytorch.core.timing import ORDERS, interleaved_samples, median_times, round_orders


class FakeMachine:
    """A fake clock (seconds) and fns that advance it. `log` records every call (name) and context entry
    ('enter name')."""

    def __init__(self):
        self.now, self.log = 0.0, []

    def clock(self) -> float:
        return self.now

    def fn(self, name, durations):
        "A fn whose successive calls last durations[0], durations[1], ... (then the last one again)."
        it = iter(durations)
        last = [durations[0]]

        def call():
            last[0] = next(it, last[0])
            self.now += last[0]
            self.log.append(name)
        return call

    def context(self, name, cost=100.0):
        "A context-manager factory whose entry costs `cost` seconds: it must not appear in the samples."
        machine = self

        class Ctx:
            def __enter__(self):
                machine.now += cost
                machine.log.append(f"enter {name}")

            def __exit__(self, *exc):
                machine.now += cost
                return False
        return Ctx


def make_ab(m):
    "a: a slow cold call and a normal one (the two warm-up calls), then 1 9 2 8 3 s; b: always 0.5 s after warm-up."
    return {"a": m.fn("a", [50.0, 1.0, 1.0, 9.0, 2.0, 8.0, 3.0]), "b": m.fn("b", [7.0, 0.5])}


def test_samples_are_exact_durations_warmup_excluded():
    m = FakeMachine()
    s = interleaved_samples(make_ab(m), repeats=5, warmup=2, clock=m.clock)
    assert list(s) == ["a", "b"]
    assert s["a"].dtype == np.float64 and s["a"].shape == (5,)
    assert np.array_equal(s["a"], [1.0, 9.0, 2.0, 8.0, 3.0])
    assert np.array_equal(s["b"], np.full(5, 0.5))


def test_median_times_is_the_median_of_the_samples_as_floats():
    m = FakeMachine()
    out = median_times(make_ab(m), repeats=5, warmup=2, clock=m.clock)
    assert out == {"a": 3.0, "b": 0.5} and all(type(v) is float for v in out.values())


def test_every_fn_runs_warmup_plus_repeats_times_inner():
    calls = {"a": 0, "b": 0, "c": 0}

    def bump(name):
        calls[name] += 1

    median_times({k: (lambda k=k: bump(k)) for k in calls}, repeats=5, warmup=1, inner=4)
    assert calls == {"a": 1 + 5 * 4, "b": 21, "c": 21}


def test_inner_divides_the_sample_into_seconds_per_call():
    m = FakeMachine()
    s = interleaved_samples({"a": m.fn("a", [0.25])}, repeats=3, warmup=0, inner=8, clock=m.clock)
    assert np.array_equal(s["a"], np.full(3, 0.25))


def test_contexts_wrap_each_sample_untimed_and_only_their_variant():
    m = FakeMachine()
    fns = {"plain": m.fn("plain", [1.0]), "ctx": m.fn("ctx", [2.0])}
    s = interleaved_samples(fns, repeats=3, warmup=1, inner=2, contexts={"ctx": m.context("ctx")},
                            order="rotate", clock=m.clock)
    assert np.array_equal(s["plain"], np.full(3, 1.0)) and np.array_equal(s["ctx"], np.full(3, 2.0))
    # warm-up round (dict order), then rotated rounds; the context is entered once per warm-up call / per sample
    # (around all `inner` calls), never around the other variant
    assert m.log == (["plain", "enter ctx", "ctx"]
                     + ["plain", "plain", "enter ctx", "ctx", "ctx"]
                     + ["enter ctx", "ctx", "ctx", "plain", "plain"]
                     + ["plain", "plain", "enter ctx", "ctx", "ctx"])


def test_rotate_order_starts_each_round_one_further():
    assert [o.tolist() for o in round_orders(3, 4, "rotate")] == [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 1, 2]]
    m = FakeMachine()
    interleaved_samples({n: m.fn(n, [1.0]) for n in "xyz"}, repeats=3, warmup=0, order="rotate", clock=m.clock)
    assert "".join(m.log) == "xyz" "yzx" "zxy"


def test_shuffle_is_a_seeded_permutation_per_round():
    orders = round_orders(4, 50, "shuffle", seed=3)
    assert all(sorted(o.tolist()) == [0, 1, 2, 3] for o in orders)
    assert [o.tolist() for o in orders] == [o.tolist() for o in round_orders(4, 50, "shuffle", seed=3)]
    assert [o.tolist() for o in orders] != [o.tolist() for o in round_orders(4, 50, "shuffle", seed=4)]
    assert len({tuple(o) for o in orders}) > 1, "shuffle must vary the order between rounds"
    assert set(ORDERS) == {"shuffle", "rotate"}


def test_the_run_follows_round_orders_and_accepts_any_hashable_names():
    m = FakeMachine()
    names = [("t", 1), 7, "s"]                    # not strings: the order is drawn over indices, not names
    s = interleaved_samples({n: m.fn(n, [1.0]) for n in names}, repeats=6, warmup=0, seed=11, clock=m.clock)
    expected = [names[i] for o in round_orders(3, 6, "shuffle", seed=11) for i in o]
    assert m.log == expected and set(s) == set(names)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(repeats=0), ValueError, "repeats must be an int >= 1, got 0"),
    (dict(repeats=True), ValueError, "repeats must be an int >= 1, got True"),
    (dict(repeats=2.5), ValueError, "repeats must be an int >= 1, got 2.5"),
    (dict(warmup=-1), ValueError, "warmup must be an int >= 0, got -1"),
    (dict(inner=0), ValueError, "inner must be an int >= 1, got 0"),
    (dict(order="random"), ValueError, "order must be one of ('shuffle', 'rotate'), got 'random'"),
    (dict(contexts={"nope": lambda: None}), ValueError, "contexts names ['nope'], which are not in fns ['a']"),
    (dict(contexts={"a": 3}), TypeError, "contexts['a'] must be a callable returning a context manager, got int"),
    (dict(contexts=[("a", None)]), TypeError, "contexts must be a dict"),
    (dict(clock=0.0), TypeError, "clock must be a zero-argument callable returning seconds, got float"),
])
def test_bad_arguments_fail_before_anything_runs(kwargs, error, words):
    calls = []
    with pytest.raises(error) as err:
        median_times({"a": lambda: calls.append(1)}, **kwargs)
    assert words in str(err.value)
    assert calls == [], "validation must happen before the first call"


@pytest.mark.parametrize("fns, error, words", [
    ({}, ValueError, "fns is empty"),
    ([lambda: None], TypeError, "fns must be a dict {name: zero-argument callable}, got list"),
    ({"a": lambda: None, "b": 42}, TypeError, "fns['b'] must be a zero-argument callable, got int"),
])
def test_bad_fns_are_named(fns, error, words):
    with pytest.raises(error) as err:
        interleaved_samples(fns)
    assert words in str(err.value)
