"""Surface-water assessment (HJ 2.3-2018), water-environment capacity and the regulator's recheck."""
