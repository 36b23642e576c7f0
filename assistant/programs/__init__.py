"""Programs layer: company profiles, the measure catalogue and matching a profile against it."""
