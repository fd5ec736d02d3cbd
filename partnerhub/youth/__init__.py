"""Young people: self-registration, their home page, and staff's list and invitations."""
