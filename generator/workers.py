"""Running a build's independent steps side by side, in worker processes.

A build's languages are independent until their sites are put together: each is an MkDocs run
and a search index, pure Python that one process cannot spread over cores. Each step runs in a
process forked for it, so it inherits the checked and rendered content instead of receiving it
pickled, and gives back its memory when it ends; what it hands back (diagnostics, search units)
is small. A failure comes back as data, so a PortalError keeps
its diagnostics and the parent reports it as a serial build would.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import sys
from collections.abc import Callable
from multiprocessing import connection
from typing import Any

from .diagnostics import PortalError

JOBS_VARIABLE = "PORTAL_JOBS"


def cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counted is not None:
        return counted() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def jobs(asked: int | None) -> int:
    """How many processes to build in: as asked (--jobs), else PORTAL_JOBS, else one per core.
    1 builds in this process, one step after another."""
    if asked is None:
        value = os.environ.get(JOBS_VARIABLE, "")
        if value.strip().isdigit():
            asked = int(value)
    if not asked:
        asked = cores()
    if sys.platform == "win32":
        return 1  # no fork there: the workers could not inherit the content
    return max(1, asked)


def attempt(step: Callable, *args) -> tuple[str, Any]:
    """Run a step; its value, or its PortalError as data (so it crosses from a worker whole)."""
    try:
        return "ok", step(*args)
    except PortalError as exc:
        return "error", (str(exc), exc.diagnostics)


def die_with_parent(parent: int) -> None:
    """A worker whose build was killed must not outlive it: it would hold the build lock (its
    inherited descriptors) and write into a site being cleaned up. Linux kills it with its
    parent; elsewhere a watch notices the parent gone. What the worker inherited lives to its
    end: the cycle collector leaves it out of its passes (and its pages stay shared)."""
    gc.freeze()
    if sys.platform == "linux":
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
            if os.getppid() != parent:  # it died before the signal was asked for
                os._exit(1)
            return
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class Forked:
    """fn() in a forked child process, which inherits what fn needs rather than receiving it
    pickled, and dies with this one; result() is what fn returned (sent back pickled), or raises
    what it raised; stop() ends it, for a step whose work is no longer wanted. Fork from the
    main thread: Linux kills the child when the thread that forked it ends."""

    def __init__(self, fn: Callable[[], Any], what: str):
        self.what = what
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(os.getpid(), send, fn))
        self.process.start()
        send.close()

    @staticmethod
    def _run(parent: int, send, fn: Callable[[], Any]) -> None:
        die_with_parent(parent)
        try:
            answer: tuple[bool, Any] = (True, fn())
        except Exception as exc:  # handed to the parent, which raises it (a full disk stays an OSError)
            answer = (False, exc)
        try:
            send.send(answer)
        except Exception as exc:  # an answer or exception that cannot be pickled: said in words
            failure = answer[1] if not answer[0] else exc
            send.send((False, f"{type(failure).__name__}: {failure}"))

    def result(self) -> Any:
        try:
            done, value = self.receive.recv()  # before join: a large answer fills the pipe
        except EOFError:
            done, value = False, "it ended without a word"
        self.process.join()
        self.receive.close()
        if not done and isinstance(value, Exception):
            raise value
        if not done or self.process.exitcode:
            raise OSError(f"{self.what} failed: {value if not done else f'exit code {self.process.exitcode}'}")
        return value

    def stop(self) -> None:
        """End the child wherever it is, and wait for it."""
        self.process.kill()
        self.process.join()
        self.receive.close()


def unwrap(result: tuple[str, Any]) -> Any:
    """A step's value, or its PortalError raised again here."""
    status, value = result
    if status == "error":
        raise PortalError(value[0], value[1])
    return value


class Run:
    """A step submitted to a Pool: result() waits for it, and is what attempt() made of it."""

    def __init__(self, pool: Pool, name: str, args: tuple) -> None:
        self.pool, self.name, self.args = pool, name, args
        self.forked: Forked | None = None
        self.answer: tuple[bool, Any] | None = None  # (finished, its value or what it raised)

    def result(self) -> tuple[str, Any]:
        self.pool.wait(self)
        assert self.answer is not None
        finished, value = self.answer
        if not finished:
            raise value
        return value


class Pool:
    """Steps run in forked processes, at most `size` at a time, in the order they were submitted.
    Each step has a process of its own, which ends with it: what a step made (a large site's
    search index holds hundreds of megabytes) is given back then, not kept by a worker waiting for
    the next step while the others go on."""

    def __init__(self, size: int, steps: dict[str, Callable]) -> None:
        self.size, self.steps = max(1, size), steps
        self.waiting: list[Run] = []
        self.running: list[Run] = []

    def submit(self, name: str, *args) -> Run:
        run = Run(self, name, args)
        self.waiting.append(run)
        self._start()
        return run

    def _start(self) -> None:
        while self.waiting and len(self.running) < self.size:
            run = self.waiting.pop(0)
            run.forked = Forked(functools.partial(attempt, self.steps[run.name], *run.args), f"the {run.name} step")
            self.running.append(run)

    def wait(self, run: Run) -> None:
        """Until run has finished; the steps that finish meanwhile make room for those waiting."""
        while run.answer is None:
            ready = connection.wait([r.forked.receive for r in self.running if r.forked])
            for done in [r for r in self.running if r.forked and r.forked.receive in ready]:
                self.running.remove(done)
                try:
                    done.answer = (True, done.forked.result())  # type: ignore[union-attr]
                except Exception as exc:  # raised by the step's result(), as the step raised it
                    done.answer = (False, exc)
            self._start()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        """Steps not waited for are not wanted (a step failed): those waiting never start, those
        running are stopped."""
        self.waiting.clear()
        for run in self.running:
            run.forked.stop()  # type: ignore[union-attr]
        self.running.clear()
