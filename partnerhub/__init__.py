"""PartnerHub: brokering shared internships between companies and young people."""
