"""Pure numerical physics for the EIA engine: numpy/scipy only, SI units, arrays in and out."""
