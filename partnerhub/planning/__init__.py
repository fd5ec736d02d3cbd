"""Planning rounds and placements: staff approve shared rotations, companies and young people answer."""
