"""Constants of chemistry used by the methods (not factors: they have no source to cite
beyond atomic masses, IUPAC 2021 standard atomic weights rounded as IPCC uses them)."""

C_TO_CO2 = 44.0 / 12.0  # mass CO2 per mass C (IPCC 2006 Vol 2 Ch 1 Eq 1.3 uses 44/12)
C_TO_CH4 = 16.0 / 12.0  # mass CH4 per mass C (IPCC 2006 Vol 5 Eq 3.1)
N2O_N_TO_N2O = 44.0 / 28.0  # mass N2O per mass N2O-N (IPCC 2006 Vol 4 Eq 11.1)
