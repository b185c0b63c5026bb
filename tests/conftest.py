"""Fixtures shared by the test modules."""

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
