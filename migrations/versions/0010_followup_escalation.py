"""Follow-up: the note saying what was done when a task is closed; when the overdue reminder went out

Revision ID: 0010_followup_escalation
Revises: 0009_oidc
Create Date: 2026-12-01 13:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_followup_escalation'
down_revision = '0009_oidc'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow_up_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('follow_up_tasks', schema=None) as batch_op:
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('done_note')
