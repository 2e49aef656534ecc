"""Shared test configuration: the hypothesis profiles.

- ``ci`` (the default, used by ``make test`` and ``.ci/run``): 100 examples per
  property, **derandomized** and with **no example database**, so that every
  run of the same commit draws the same examples and a fresh clone can never
  go red because of what an earlier run found.
- ``dev`` (``HYPOTHESIS_PROFILE=dev``): 25 random examples per property and
  the local example database, for quick exploration while developing.
- ``explore`` (``make explore``): 2,000 random examples per property, no
  database; run it now and then and turn what it finds into tests.
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "print_blob": True,
           "suppress_health_check": [HealthCheck.too_slow]}

settings.register_profile("ci", max_examples=100, derandomize=True, database=None, **_COMMON)
settings.register_profile("dev", max_examples=25, **_COMMON)
settings.register_profile("explore", max_examples=2000, database=None, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _import_every_module() -> None:
    """Import every coinnovation module before any test runs.

    Hypothesis draws some values from the literal constants of the *local* modules
    loaded so far (its constant pool, read from ``sys.modules``). The library loads
    its modules lazily, so without this the pool — and with it the derandomized
    ``ci`` examples — would depend on which tests an xdist worker happened to run
    first: a property could fail in one distribution of the suite and pass in another.
    """
    import importlib
    import pkgutil

    import coinnovation

    for info in pkgutil.walk_packages(coinnovation.__path__, "coinnovation."):
        if info.name.endswith("__main__"):
            continue  # running it is the CLI
        try:
            importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            pass


_import_every_module()
