"""One lock per key: the same key waits, another key does not, and nothing is kept after."""

from __future__ import annotations

import threading

from radio.core.keylock import KeyedLocks


def test_the_same_key_waits_for_its_holder_and_another_key_does_not() -> None:
    locks = KeyedLocks()
    inside, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with locks.hold("piece"):
            inside.set()
            release.wait(5)
            order.append("first")

    def second() -> None:
        with locks.hold("piece"):
            order.append("second")

    one = threading.Thread(target=first)
    one.start()
    assert inside.wait(5)
    two = threading.Thread(target=second)
    two.start()
    with locks.hold("another piece"):  # not held by anyone: no wait
        order.append("other")
    two.join(0.2)
    assert two.is_alive() and order == ["other"]  # the same key waits for the first holder
    release.set()
    one.join(5)
    two.join(5)
    assert order == ["other", "first", "second"]
    assert locks._locks == {}  # a key nobody holds keeps no lock
