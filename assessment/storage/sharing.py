"""Sharing an engagement with a colleague's account, and taking the access away again."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select

from assessment.storage.base import StoreError, now, read_tx, write_tx
from assessment.storage.migrations import accounts, engagement_shares
from assessment.storage.records import Account, Engagement
from assessment.storage.workspace import WorkspaceStore

NO_SUCH_ACCOUNT = "No account has this email address on this server."
SHARE_SELF = "That is your own account."


class SharingStore(WorkspaceStore):
    """Sharing methods of the Store (only the owner shares or takes access away)."""

    def share_engagement(self, account: Account, engagement: Engagement, email: str) -> Account:
        """Let a colleague's account see and run the engagement (owner only)."""
        found = self._owned(account, engagement)
        colleague = self.account_by_email(email)
        if colleague is None:
            raise StoreError(NO_SUCH_ACCOUNT)
        if colleague.id == account.id:
            raise StoreError(SHARE_SELF)
        with write_tx(self.engine) as conn:
            have = conn.scalar(
                select(func.count())
                .select_from(engagement_shares)
                .where(
                    engagement_shares.c.engagement_id == found.id,
                    engagement_shares.c.account_id == colleague.id,
                )
            )
            if not have:
                conn.execute(
                    insert(engagement_shares).values(
                        engagement_id=found.id, account_id=colleague.id, created_at=now()
                    )
                )
                self.audit(conn, found.id, account.id, "shared", colleague.email)
        return colleague

    def unshare_engagement(self, account: Account, engagement: Engagement, email: str) -> None:
        """Take a colleague's access away again (owner only)."""
        found = self._owned(account, engagement)
        colleague = self.account_by_email(email)
        if colleague is None:
            return
        with write_tx(self.engine) as conn:
            conn.execute(
                delete(engagement_shares).where(
                    engagement_shares.c.engagement_id == found.id,
                    engagement_shares.c.account_id == colleague.id,
                )
            )
            self.audit(conn, found.id, account.id, "unshared", colleague.email)

    def shared_with(self, engagement: Engagement) -> list[str]:
        """Emails of the accounts the engagement is shared with, sorted."""
        with read_tx(self.engine) as conn:
            return sorted(
                conn.scalars(
                    select(accounts.c.email)
                    .join(engagement_shares, engagement_shares.c.account_id == accounts.c.id)
                    .where(engagement_shares.c.engagement_id == engagement.id)
                )
            )
