"""People and companies that permits, Bibob investigations, controls and signals refer to."""
