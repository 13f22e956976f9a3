"""Journey analytics over the conformed journey log: funnel, timing, drop-off, paths, cohorts,
pain-point drivers, and the import of standard (CSV / XES) event logs."""
