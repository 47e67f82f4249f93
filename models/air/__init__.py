"""Air dispersion models (Gaussian plume, ISC3 regulatory chain, GB/T 3840-91)."""
