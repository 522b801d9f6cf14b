// The expiries the page offers for a new secret (a new token, or a rotation), and
// under the workspace's maxLifetimeDays only those within it.
export const EXPIRIES: { label: string; days: number | null }[] = [
  { label: 'Never (until revoked)', days: null },
  { label: 'In 7 days', days: 7 },
  { label: 'In 30 days', days: 30 },
  { label: 'In 90 days', days: 90 },
  { label: 'In 1 year', days: 365 },
];

export interface ExpiryOption {
  /** The preset's index (what a draft keeps), or "max" for the workspace's own limit. */
  value: string;
  label: string;
  days: number | null;
}

/**
 * The expiries the workspace allows: under a maxLifetimeDays limit, no "never" and
 * nothing beyond the limit, and the limit itself when it is not a preset. A canary
 * never authenticates, so the limit does not apply to it.
 */
export function expiryOptions(maxLifetimeDays: number | null): ExpiryOption[] {
  const presets = EXPIRIES.map((option, index) => ({ value: String(index), ...option }));
  if (maxLifetimeDays === null) return presets;
  const allowed = presets.filter((option) => option.days !== null && option.days <= maxLifetimeDays);
  if (!allowed.some((option) => option.days === maxLifetimeDays))
    allowed.push({ value: 'max', label: `In ${maxLifetimeDays} days (the longest allowed)`, days: maxLifetimeDays });
  return allowed;
}

/** An expiry `days` from now (ISO 8601), as the server receives it; null for none. */
export const expiresIn = (days: number | null): string | null =>
  days === null ? null : new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
