"""Privacy by design: access export, erasure by anonymisation, retention, and consent withdrawal."""
