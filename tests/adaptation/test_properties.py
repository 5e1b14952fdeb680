"""Properties the method relies on (docs/adaptation.md): fixed scales keep an action's
score independent of the other actions; scores stay within 0-100; the core runs
without Django."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from climateplan.adaptation.mca import Criterion, normalise, weighted_sum

CRITERIA = [
    Criterion("effectiveness", "", "", 1, 5, "linear", "higher_better", ""),
    Criterion("cost", "", "", 1e5, 1e9, "log", "lower_better", ""),
    Criterion("equity", "", "", 0, 1, "linear", "higher_better", ""),
]
values = st.tuples(
    st.floats(0, 10), st.floats(1, 1e10), st.floats(0, 1)
)  # some beyond the scales: clipped


@settings(max_examples=60, deadline=None)
@given(
    st.lists(values, min_size=2, max_size=12),
    arrays(float, 3, elements=st.floats(0.01, 100)),
)
def test_an_action_score_does_not_depend_on_the_other_actions(rows, weights):
    table = np.array(rows, dtype=float)
    alone = weighted_sum(normalise(table[:1], CRITERIA), weights)[0]
    together = weighted_sum(normalise(table, CRITERIA), weights)
    assert np.isclose(together[0], alone)
    assert ((together >= -1e-12) & (together <= 1 + 1e-12)).all()


def test_the_core_and_its_command_run_without_django():
    code = (
        "import sys, climateplan.adaptation, climateplan.cli.adapt; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
