// "Inactive — will be revoked on …": the workspace revokes tokens unused for its
// inactivityRevokeDays, and a token within a week of that cut says so, in the list
// and on its page, so its owner can use it (or let it go) knowingly.
import { inactiveSoon } from './format.js';
import { Time } from './Time.js';

export function InactivityFlag({ revokeAt, detail = false }: { revokeAt: string | null; detail?: boolean }) {
  if (!revokeAt || !inactiveSoon(revokeAt)) return null;
  const due = new Date(revokeAt).getTime() <= Date.now();
  if (detail) {
    return (
      <p className="notice notice-warning" role="note" data-testid="inactive-flag">
        <strong>
          Inactive — {due ? 'it will be revoked at the next check' : 'will be revoked on '}
          {!due && <Time iso={revokeAt} />}.
        </strong>{' '}
        Your workspace revokes tokens that are not used for a while. Using it keeps it; if nothing needs it any more,
        let it go.
      </p>
    );
  }
  return (
    <span className="status-reason inactive-soon" data-testid="inactive-flag">
      Inactive — {due ? 'revoked at the next check' : 'will be revoked on '}
      {!due && <Time iso={revokeAt} />}
    </span>
  );
}
