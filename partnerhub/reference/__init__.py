"""Reference data: trade areas, towns, partner networks and scheduling rules, loaded from sourced CSV files."""
