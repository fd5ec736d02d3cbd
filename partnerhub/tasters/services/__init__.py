"""The taster internships' services, one module per noun; each takes the acting user and flushes, the caller commits."""
