"""Fixtures shared by the test modules."""

import io

import pytest

from optviz.render import ContourPanel


@pytest.fixture
def crash_after_frames(monkeypatch):
    """``crash_after_frames(n, Error)``: every 2-D panel raises ``Error("the renderer failed")``
    when asked for frame number *n*, after the frames before it went to the encoder."""
    def install(frames, error):
        update = ContourPanel.update

        def failing(self, step, frame):
            if frame >= frames:
                raise error("the renderer failed")
            update(self, step, frame)

        monkeypatch.setattr(ContourPanel, "update", failing)
    return install


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    """Run the command line in *tmp_path*: ``status, out, err = run("beale", "-o", "b.gif")``."""
    from optviz.cli import main

    monkeypatch.chdir(tmp_path)

    def run(*argv):
        try:
            status = main(list(argv))
        except SystemExit as exit:  # argparse's --help, --version and usage errors
            status = exit.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, so that progress bars draw into it."""

    def isatty(self):
        return True


@pytest.fixture
def terminal(monkeypatch):
    """A Terminal, with progress bars drawn at once (no delay).  Install it as sys.stderr in
    the test itself: pytest's capture puts its own stream back between setup and the call."""
    monkeypatch.setattr("optviz.progress.DELAY", 0.0)
    monkeypatch.setattr("optviz.progress.INTERVAL", 0.0)
    return Terminal()
