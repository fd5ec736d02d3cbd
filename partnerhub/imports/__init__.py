"""Staff bulk import of companies and young people from CSV, with a dry run first."""
