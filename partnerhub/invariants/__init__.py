"""`flask check`: the data's own rules (seats, periods, proposals), verified straight from the tables."""
