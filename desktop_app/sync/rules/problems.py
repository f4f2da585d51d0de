"""What stops a rule's plan for one record: the field at fault and why.

The sales document plan (`orders.DocumentPlan.problems`), a refund's checks
(`refunds.refund_problems`) and a company export (`companies.PreparedCompany.issues`) each
return these; the job reports them as a failed record (`sync.results.RecordIssue`), its code
chosen by the field (`sync.issue_codes.PROBLEM_CODES`) or by the job.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One field of a record that stops its plan (`field`, as Shopify or the shop names it)
    and why (`message`, English: the merchant's words)."""

    field: str
    message: str
