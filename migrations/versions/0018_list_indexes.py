"""Indexes for the staff lists read a page at a time: the round review's proposals by score, young people by name

Revision ID: 0018_list_indexes
Revises: 0017_tasters
Create Date: 2026-12-01 19:50:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018_list_indexes'
down_revision = '0017_tasters'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_review_order', ['round_id', 'status', 'score', 'id'], unique=False)
    with op.batch_alter_table('youth_profiles', schema=None) as batch_op:
        batch_op.create_index('ix_youth_profiles_name_order', ['first_name', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('youth_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_youth_profiles_name_order')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_review_order')
