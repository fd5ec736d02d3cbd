"""Named kinds of need a company can meet (issue 14): the old yes/no columns become one row per kind

Revision ID: 0011_need_kinds
Revises: 0010_followup_escalation
Create Date: 2026-12-01 14:00:00

The company's booleans suits_quiet_workplace, suits_flexible_hours, suits_physical_access and offers_mentor become
rows of company_needs with the kinds quiet_workplace, flexible_hours, physical_access and mentor; a company that had
a boolean set has the same kind afterwards, and the downgrade sets the booleans back from the rows.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_need_kinds'
down_revision = '0010_followup_escalation'
branch_labels = None
depends_on = None

# (kind stored in company_needs, the old column on companies)
KINDS = (('quiet_workplace', 'suits_quiet_workplace'), ('flexible_hours', 'suits_flexible_hours'),
         ('physical_access', 'suits_physical_access'), ('mentor', 'offers_mentor'))


def upgrade():
    op.create_table('company_needs',
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('quiet_workplace', 'flexible_hours', 'physical_access', 'mentor', name='needkind',
                              native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_needs_company_id_companies'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('company_id', 'kind', name=op.f('pk_company_needs'))
    )
    for kind, column in KINDS:
        op.execute(sa.text(f"INSERT INTO company_needs (company_id, kind) SELECT id, :kind FROM companies "
                           f"WHERE {column}").bindparams(kind=kind))
    with op.batch_alter_table('companies', schema=None) as batch_op:
        for _kind, column in KINDS:
            batch_op.drop_column(column)


def downgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        for _kind, column in reversed(KINDS):
            batch_op.add_column(sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false()))
    for kind, column in KINDS:
        op.execute(sa.text(f"UPDATE companies SET {column} = :yes WHERE id IN "
                           f"(SELECT company_id FROM company_needs WHERE kind = :kind)").bindparams(yes=True, kind=kind))
    op.drop_table('company_needs')
