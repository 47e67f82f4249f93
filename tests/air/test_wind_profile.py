"""Power-law wind profile with the ISC3 and GB/T 3840-91 exponent sets."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from models.air import wind_at_height
from models.air.wind_profile import WIND_EXPONENTS


def test_isc3_rural_example():
    # EPA-454/B-95-003b vol. II sec. 1.1.3: u_s = u_ref (h_s/z_ref)**p; rural D p = 0.15
    u = wind_at_height(wind_speed_m_s=4.0, reference_height_m=10.0, height_m=100.0, stability="D")
    assert u == pytest.approx(4.0 * 10 ** 0.15)


def test_exponent_tables():
    assert WIND_EXPONENTS["isc3-rural"] == (0.07, 0.07, 0.10, 0.15, 0.35, 0.55)
    assert WIND_EXPONENTS["isc3-urban"] == (0.15, 0.15, 0.20, 0.25, 0.30, 0.30)
    assert WIND_EXPONENTS["gbt3840"] == WIND_EXPONENTS["gbt3840-rural"]


@settings(max_examples=50, deadline=None)
@given(u=st.floats(0.5, 20), z=st.floats(10.0, 300.0), cls=st.sampled_from("ABCDEF"),
       ex=st.sampled_from(sorted(WIND_EXPONENTS)))
def test_monotone_and_identity(u, z, cls, ex):
    kw = dict(wind_speed_m_s=u, reference_height_m=10.0, stability=cls, exponents=ex)
    assert wind_at_height(height_m=10.0, **kw) == pytest.approx(u)
    assert wind_at_height(height_m=z, **kw) >= u * (1 - 1e-12)


def test_errors():
    with pytest.raises(ValueError, match="exponents"):
        wind_at_height(wind_speed_m_s=1, reference_height_m=10, height_m=20, stability="D", exponents="x")
    with pytest.raises(ValueError, match="height_m"):
        wind_at_height(wind_speed_m_s=1, reference_height_m=10, height_m=0, stability="D")
    with pytest.raises(ValueError, match="stability"):
        wind_at_height(wind_speed_m_s=1, reference_height_m=10, height_m=20, stability=np.array([1]))
