"""Saving several animations at once (optviz/batch.py, used by ``python -m optviz``): the same
bytes as one after the other, errors raised in the caller, nothing left behind when stopped."""

import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

import optviz
from optviz.batch import save_all, workers
from optviz.encode.atomic import TEMP_PREFIX
from optviz.encode.checks import OutputError

SMALL = dict(steps=30, frames=6, size=(320, 240))


def small_jobs(folder: Path, names=("beale", "elongated-bowl", "himmelblau", "rosenbrock")):
    return [(optviz.animate(name, ["sgd", "adam"], **SMALL), folder / f"{name}.gif")
            for name in names]


@pytest.mark.skipif(workers(2) < 2, reason="needs fork and two cores")
def test_saving_at_once_gives_the_bytes_of_saving_one_after_the_other(tmp_path):
    (tmp_path / "serial").mkdir()
    (tmp_path / "at-once").mkdir()
    serial = list(save_all(small_jobs(tmp_path / "serial"), quiet=True, processes=1))
    at_once = list(save_all(small_jobs(tmp_path / "at-once"), quiet=True, processes=2))
    assert [p.name for p in at_once] == [p.name for p in serial] == [
        "beale.gif", "elongated-bowl.gif", "himmelblau.gif", "rosenbrock.gif"]   # in order
    for one, other in zip(serial, at_once):
        assert one.read_bytes() == other.read_bytes()
    assert all(p.parent == tmp_path / "at-once" for p in at_once)


@pytest.mark.skipif(workers(2) < 2, reason="needs fork and two cores")
def test_it_ends_as_one_after_the_other_would_with_the_first_error(tmp_path):
    """The second fails at once: the first is finished, the later ones never written."""
    jobs = small_jobs(tmp_path)
    jobs[1] = (jobs[1][0], tmp_path / "missing" / "h.gif")          # a folder that is not there
    with pytest.raises(OutputError, match=r"cannot write '.*h.gif': folder '.*missing' does not "
                                          r"exist"):
        saved = []
        for path in save_all(jobs, quiet=True, processes=2):
            saved.append(path.name)
    assert saved == ["beale.gif"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beale.gif"]


@pytest.mark.skipif(workers(2) < 2, reason="needs fork and two cores")
def test_warnings_in_the_workers_come_back_to_the_caller(tmp_path):
    def caught(processes, folder):
        folder.mkdir()
        jobs = [(optviz.animate(name, "adam", title="中文 标题", **SMALL), folder / f"{name}.gif")
                for name in ("beale", "himmelblau")]
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            list(save_all(jobs, quiet=True, processes=processes))
        return sorted(str(w.message) for w in seen)

    serial = caught(1, tmp_path / "serial")
    assert serial and all("Glyph" in message for message in serial)
    assert caught(2, tmp_path / "at-once") == serial


def test_bad_processes_are_refused_before_anything_is_saved(tmp_path):
    with pytest.raises(ValueError, match=r"Invalid processes: '2' \(must be a whole number\)"):
        save_all(small_jobs(tmp_path, ("beale",)), processes="2")
    with pytest.raises(ValueError, match=r"Invalid processes: 0 \(must be >= 1\)"):
        save_all(small_jobs(tmp_path, ("beale",)), processes=0)
    assert list(tmp_path.iterdir()) == []


def test_one_process_when_asked_or_when_another_thread_runs(tmp_path, monkeypatch):
    monkeypatch.setattr("threading.active_count", lambda: 2)
    assert workers(8) == 1
    pids = []
    monkeypatch.setattr("os.fork", lambda: pids.append(1) or 1 / 0)
    assert [p.name for p in save_all(small_jobs(tmp_path, ("beale",)), quiet=True)] == ["beale.gif"]
    assert pids == []


def _descendants(pid: int) -> list[int]:
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        found += [int(child), *_descendants(int(child))]
    return found


def _gone(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split()[2] == "Z"
    except OSError:
        return True


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or workers(2) < 2,
                    reason="reads children from /proc; needs fork and two cores")
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_while_scenes_are_saved_at_once_leaves_no_file_and_no_process(tmp_path, name):
    """Every scene saved at once, each in a worker with an encoder of its own: stopped, the old
    file stays, no temporary file, no worker or encoder outlives the run."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "beale.gif").write_bytes(b"the old file")
    process = subprocess.Popen([sys.executable, "-m", "optviz", "-o", "out", "--size", "1280x720",
                                "--steps", "2000", "--frames", "2000"],
                               cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline, family = time.monotonic() + 60, []
    while len(family) < 4 and time.monotonic() < deadline:     # two workers, two encoders
        time.sleep(0.05)
        family = _descendants(process.pid)
    assert len(family) >= 4, family
    time.sleep(0.5)                                            # frames are flowing
    if name == "SIGINT":                # Ctrl-C: the terminal signals the whole process group
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(getattr(signal, name))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err.strip().splitlines()[-1] == "optviz: interrupted", err
    assert "Traceback" not in err, err
    assert sorted(p.name for p in out.iterdir()) == ["beale.gif"]
    assert (out / "beale.gif").read_bytes() == b"the old file"
    assert not any(p.name.startswith(TEMP_PREFIX) for p in out.iterdir())
    assert all(_gone(pid) for pid in family), family


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or workers(2) < 2,
                    reason="reads children from /proc; needs fork and two cores")
def test_a_signal_the_caller_ignores_stays_ignored_by_the_workers(tmp_path):
    """Run under nohup (SIGHUP ignored), the terminal closing sends SIGHUP to the whole group:
    the workers, like the command, go on and every scene is saved (a worker stopped by it
    before, and the run failed)."""
    def ignore_hangup():
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    process = subprocess.Popen([sys.executable, "-m", "optviz", "-o", "out", "--quiet"],
                               cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=ignore_hangup)
    deadline = time.monotonic() + 60
    while not _descendants(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)                                       # the workers have started
    os.killpg(process.pid, signal.SIGHUP)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{name}.gif" for name in optviz.available_scenes())


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or workers(2) < 2,
                    reason="reads children from /proc; needs fork and two cores")
def test_workers_do_not_outlive_a_killed_caller(tmp_path):
    """SIGKILL leaves no handler to run: the kernel tells each worker (PR_SET_PDEATHSIG)."""
    script = (f"import optviz\nfrom optviz.batch import save_all\n"
              f"jobs = [(optviz.animate(n, 'adam', steps=1500, frames=1200, size=(1280, 720)), "
              f"n + '.gif') for n in ('beale', 'himmelblau', 'rosenbrock')]\n"
              f"print('recorded', flush=True)\nlist(save_all(jobs, quiet=True, processes=2))\n")
    process = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "recorded\n"
    deadline, family = time.monotonic() + 60, []
    while len(family) < 4 and time.monotonic() < deadline:     # two workers, two encoders
        time.sleep(0.05)
        family = _descendants(process.pid)
    time.sleep(0.3)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in family) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_gone(pid) for pid in family), family
    time.sleep(0.5)
    assert not [p.name for p in tmp_path.iterdir() if not p.name.startswith(TEMP_PREFIX)]


@pytest.mark.skipif(workers(2) < 2, reason="needs fork and two cores")
def test_a_bar_counts_the_animations_saved_and_clears_its_line_for_each_path(tmp_path, terminal,
                                                                             monkeypatch):
    jobs = small_jobs(tmp_path)
    shown = terminal
    monkeypatch.setattr("sys.stderr", shown)
    seen_at_yield = []
    for path in save_all(jobs, processes=2):
        seen_at_yield.append(shown.getvalue())
    # Before each path is handed over the bar's line is cleared; while the next is saved it
    # shows how many are done.
    assert all(text == "" or text.endswith("\r\033[K") for text in seen_at_yield), seen_at_yield
    assert [f"] {i}/4" in shown.getvalue() for i in range(1, 5)] == [True] * 4
    assert seen_at_yield[0] == "" and shown.getvalue().startswith("\roptviz: saved [")
    assert shown.getvalue().endswith("] 4/4\n")
