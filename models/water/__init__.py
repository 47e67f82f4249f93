"""Surface-water quality models and supporting relations (HJ 2.3-2018 Appendix E).

Pure numpy: every function broadcasts over arrays (no Python loops over elements), takes
keyword arguments whose names carry their units, and raises ``ValueError`` naming the argument
on bad input. See docs/methods/water-models.md for every formula and its source, and
docs/validation/water-models.md for the published examples the tests reproduce.
"""
from .estuary import estuary_1d
from .hydraulics import (
    GRAVITY_M_S2,
    LONGITUDINAL_DISPERSION_METHODS,
    TRANSVERSE_DISPERSION_METHODS,
    hydraulic_geometry,
    longitudinal_dispersion,
    shear_velocity,
    transverse_dispersion,
)
from .kinetics import THETA_BOD_DECAY, THETA_REAERATION, temperature_correction
from .lake import (
    LAKE_PHOSPHORUS_METHODS,
    dillon_rigler,
    kirchner_dillon_retention,
    lake_phosphorus,
    lake_response_time_95,
    lake_steady_state,
    lake_time_dependent,
    vollenweider_1975,
    vollenweider_1976,
)
from .mixing import (
    FISCHER_MIXING_COEFFICIENTS,
    complete_mix,
    mixing_length_fischer,
    mixing_zone_length,
)
from .oxygen import (
    DO_SATURATION_METHODS,
    QUAL2K_OWENS_GIBBS_DEPTH_M,
    REAERATION_METHODS,
    do_saturation,
    reaeration,
    streeter_phelps,
    streeter_phelps_critical,
)
from .river1d import (
    HJ23_ALPHA_ADVECTION,
    HJ23_ALPHA_DIFFUSION,
    HJ23_PECLET,
    dispersion_negligible,
    hj23_river_1d_regime,
    oconnor_number,
    peclet_number,
    river_1d,
    river_1d_hj23,
)
from .river2d import RIVER_2D_IMAGE_SCHEMES, river_2d

__all__ = [
    # mixing
    "complete_mix", "mixing_zone_length", "mixing_length_fischer", "FISCHER_MIXING_COEFFICIENTS",
    # 1-D river
    "river_1d", "oconnor_number", "peclet_number", "dispersion_negligible",
    "hj23_river_1d_regime", "river_1d_hj23", "HJ23_ALPHA_ADVECTION", "HJ23_ALPHA_DIFFUSION",
    "HJ23_PECLET",
    # 2-D river
    "river_2d", "RIVER_2D_IMAGE_SCHEMES",
    # estuary
    "estuary_1d",
    # oxygen
    "do_saturation", "reaeration", "streeter_phelps", "streeter_phelps_critical",
    "DO_SATURATION_METHODS", "REAERATION_METHODS", "QUAL2K_OWENS_GIBBS_DEPTH_M",
    # kinetics
    "temperature_correction", "THETA_REAERATION", "THETA_BOD_DECAY",
    # hydraulics
    "hydraulic_geometry", "shear_velocity", "transverse_dispersion", "longitudinal_dispersion",
    "TRANSVERSE_DISPERSION_METHODS", "LONGITUDINAL_DISPERSION_METHODS", "GRAVITY_M_S2",
    # lakes
    "lake_steady_state", "lake_time_dependent", "lake_response_time_95", "vollenweider_1975",
    "vollenweider_1976", "dillon_rigler", "kirchner_dillon_retention", "lake_phosphorus",
    "LAKE_PHOSPHORUS_METHODS",
]
