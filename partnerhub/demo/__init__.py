"""Demo data for trying PartnerHub on a laptop: never loaded in production."""
