"""Who may not be proposed where: the young person's last employer, too long at one company, a company's load of
interns and a staff flag on a company. Hard rules for the matcher and for every manual edit."""
