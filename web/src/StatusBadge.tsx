// What a request with the token gets now, as a badge; a suspended token says why
// (the reason comes from the server, in words for its owner).
import type { ApiTokenStatus } from '@api-tokens/sdk';

const LABELS: Record<ApiTokenStatus, string> = { ACTIVE: 'Active', EXPIRED: 'Expired', SUSPENDED: 'Suspended' };

export function StatusBadge({
  status,
  reason,
  showReason = true,
}: {
  status: ApiTokenStatus;
  reason: string | null;
  showReason?: boolean;
}) {
  return (
    <span className="status" data-testid="token-status">
      <span className={`badge badge-${status.toLowerCase()}`}>{LABELS[status]}</span>
      {showReason && status === 'SUSPENDED' && reason && <span className="status-reason">{reason}</span>}
    </span>
  );
}
