// What a request with the token gets now, as a badge; a suspended token says why
// (the reason comes from the server, in words for its owner). A canary gets its own
// badge: it never works, and says how often someone tried it.
import type { ApiTokenStatus } from '@api-tokens/sdk';

const LABELS: Record<ApiTokenStatus, string> = { ACTIVE: 'Active', EXPIRED: 'Expired', SUSPENDED: 'Suspended' };

export function tripsText(count: number): string {
  if (count === 0) return 'Not used yet';
  return `Used ${count === 1 ? 'once' : `${count} times`} — each use refused and recorded`;
}

export function StatusBadge({
  status,
  reason,
  canary = null,
  showReason = true,
}: {
  status: ApiTokenStatus;
  reason: string | null;
  /** A canary's trip count; null for any other token. */
  canary?: number | null;
  showReason?: boolean;
}) {
  if (canary !== null) {
    return (
      <span className="status" data-testid="token-status">
        <span className="badge badge-canary">Canary</span>
        {showReason && (
          <span className={`status-reason${canary > 0 ? ' canary-tripped' : ''}`} data-testid="canary-trips-summary">
            {tripsText(canary)}
          </span>
        )}
      </span>
    );
  }
  return (
    <span className="status" data-testid="token-status">
      <span className={`badge badge-${status.toLowerCase()}`}>{LABELS[status]}</span>
      {showReason && status === 'SUSPENDED' && reason && <span className="status-reason">{reason}</span>}
    </span>
  );
}
