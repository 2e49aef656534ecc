"""Shared test configuration: hypothesis profiles ``dev`` (fast) and ``ci`` (thorough).

Select with ``HYPOTHESIS_PROFILE=ci`` (``.ci/run`` does). ``dev`` draws new
random examples on every run, to keep finding new cases while developing;
``ci`` draws four times as many, derandomized, so that a CI verdict can be
reproduced exactly from the same commit.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
