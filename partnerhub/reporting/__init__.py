"""Results: the outcomes dashboard, the societal business case, the company partnership page and exports."""
