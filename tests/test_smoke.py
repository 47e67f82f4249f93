import eia
import models


def test_packages_import():
    assert eia.__version__
    assert models.__doc__
