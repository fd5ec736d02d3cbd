"""Background jobs: RQ on Redis when REDIS_URL is set, a thread in this process otherwise."""
