// Dates as people read them, in their own locale and time zone: "3 minutes ago",
// "in 5 days", "12 Mar 2026, 14:05". Every absolute date carries its time: an
// expiry at 09:00 and one at 23:00 are different days for someone.
import type { ApiTokenScope } from '@api-tokens/sdk';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago" for the past, "in 5 days" for the future. */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 60) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));
/** The long form, with the time zone, for tooltips and detail views. */
export const formatFull = (iso: string) => fullFormat.format(new Date(iso));

const DAY = 24 * 3600 * 1000;
/** Expiring within a week: worth a warning, so the person can replace it in time. */
export const expiresSoon = (iso: string, now: number = Date.now()) => {
  const left = new Date(iso).getTime() - now;
  return left > 0 && left <= 7 * DAY;
};

/** Within a week of the inactivity sweep's cut (or past it, waiting for the next sweep): worth a warning. */
export const inactiveSoon = (revokeAt: string | null, now: number = Date.now()) =>
  revokeAt !== null && new Date(revokeAt).getTime() - now <= 7 * DAY;

export const PLAN_NAMES: Record<string, string> = { FREE: 'Free', TEAM: 'Team', ENTERPRISE: 'Enterprise' };
export const ROLE_NAMES: Record<string, string> = { ADMIN: 'Admin', MEMBER: 'Member', WATCH_ONLY: 'Watch-only' };

/** What each scope lets a token do, in words; `short` for the list. */
export const SCOPES: Record<ApiTokenScope, { label: string; short: string; help: string }> = {
  TOKENS_READ: { label: 'Read tokens', short: 'read', help: 'See who you are and your tokens.' },
  TOKENS_WRITE: { label: 'Manage tokens', short: 'write', help: 'Create, rename, rotate and revoke your tokens.' },
  AUDIT_READ: { label: 'Read the audit log', short: 'audit', help: "Read the workspace's audit log." },
  WORKSPACE_ADMIN: { label: 'Workspace settings', short: 'admin', help: "Change the workspace's token policy." },
};
export const SCOPE_ORDER: ApiTokenScope[] = ['TOKENS_READ', 'TOKENS_WRITE', 'AUDIT_READ', 'WORKSPACE_ADMIN'];

/** The scopes a role may give its tokens (the server decides; this only shapes the form). */
export function grantableScopes(role: string): ApiTokenScope[] {
  if (role === 'ADMIN') return SCOPE_ORDER;
  if (role === 'MEMBER') return ['TOKENS_READ', 'TOKENS_WRITE'];
  return [];
}
