"""Case studies: what an intervention changed, measured honestly (DiD, event study, ITS, naive)."""
