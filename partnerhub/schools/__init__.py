"""Schools, their coordinators, classes, pupils and praktik weeks: where taster internships (erhvervspraktik) start."""
