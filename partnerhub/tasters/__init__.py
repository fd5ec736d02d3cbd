"""Taster internships (erhvervspraktik) for pupils: companies' slots, pupils' wishes, allocation, the consent chain,
the praktikseddel, the answers after the week and the reports."""
