"""The one list of feature model modules, so Alembic, the tests and create_app see every table."""

from __future__ import annotations

from types import ModuleType


def load_models() -> tuple[ModuleType, ...]:
    """Imports every feature's models, so string relationships resolve before anything queries; no engine code."""
    from partnerhub.accounts import models as accounts_models
    from partnerhub.audit import models as audit_models
    from partnerhub.companies import models as companies_models
    from partnerhub.eligibility import models as eligibility_models
    from partnerhub.fair import models as fair_models
    from partnerhub.guardians import models as guardians_models
    from partnerhub.jobs import models as jobs_models
    from partnerhub.oidc import models as oidc_models
    from partnerhub.outbox import models as outbox_models
    from partnerhub.planning import models as planning_models
    from partnerhub.planning import seam_models as planning_seam_models
    from partnerhub.privacy import models as privacy_models
    from partnerhub.reference import models as reference_models
    from partnerhub.reporting import models as reporting_models
    from partnerhub.schools import models as schools_models
    from partnerhub.tasters import models as tasters_models
    from partnerhub.youth import models as youth_models

    return (accounts_models, audit_models, companies_models, eligibility_models, fair_models, guardians_models,
            jobs_models, oidc_models, outbox_models, planning_models, planning_seam_models, privacy_models,
            reference_models, reporting_models, schools_models, tasters_models, youth_models)
