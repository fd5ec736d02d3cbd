"""Sign-in with OpenID Connect (MitID, MitID Erhverv, the municipality's identity provider), beside passwords."""
