"""The fair: trade-area booths, fair events and the "curious" marks that feed the matcher."""
