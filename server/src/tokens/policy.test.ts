import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import {
  checkLifetime,
  exceedsMaxLifetime,
  inactivityCutoff,
  inactivityRevokeAt,
  LIFETIME_LEEWAY_MS,
} from './policy.js';

const NOW = new Date('2030-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('checkLifetime', () => {
  it('allows anything without a limit', () => {
    expect(() => checkLifetime({ maxLifetimeDays: null }, null, NOW)).not.toThrow();
    expect(() => checkLifetime({ maxLifetimeDays: null }, at(10_000 * DAY), NOW)).not.toThrow();
  });

  it('allows an expiry up to the limit, with a little grace for a reader clock that runs ahead', () => {
    expect(() => checkLifetime({ maxLifetimeDays: 30 }, at(DAY), NOW)).not.toThrow();
    expect(() => checkLifetime({ maxLifetimeDays: 30 }, at(30 * DAY), NOW)).not.toThrow();
    expect(() => checkLifetime({ maxLifetimeDays: 30 }, at(30 * DAY + LIFETIME_LEEWAY_MS), NOW)).not.toThrow();
  });

  it('refuses no expiry, or one beyond the limit, on "expiresAt" with a message naming the limit', () => {
    for (const expiresAt of [null, at(30 * DAY + LIFETIME_LEEWAY_MS + 1), at(365 * DAY)]) {
      let thrown: unknown;
      try {
        checkLifetime({ maxLifetimeDays: 30 }, expiresAt, NOW);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).field).toBe('expiresAt');
      expect((thrown as ValidationError).message).toContain('30 days');
      expect((thrown as ValidationError).message).toContain('2030-07-01T12:00:00.000Z');
    }
    expect(() => checkLifetime({ maxLifetimeDays: 1 }, null, NOW)).toThrow('within 1 day:');
  });
});

describe('exceedsMaxLifetime', () => {
  const token = (lifetimeDays: number | null, canary = false) => ({
    createdAt: NOW,
    expiresAt: lifetimeDays === null ? null : at(lifetimeDays * DAY),
    canary,
  });

  it('reports tokens a limit would refuse today, never without a limit, never a canary', () => {
    expect(exceedsMaxLifetime(token(null), null)).toBe(false);
    expect(exceedsMaxLifetime(token(null), 90)).toBe(true);
    expect(exceedsMaxLifetime(token(91), 90)).toBe(true);
    expect(exceedsMaxLifetime(token(90), 90)).toBe(false);
    expect(exceedsMaxLifetime(token(null, true), 90)).toBe(false);
  });
});

describe('inactivity', () => {
  it('counts from the last use, else from creation; never for a canary or without a policy', () => {
    const used = { createdAt: at(-100 * DAY), lastUsedAt: at(-10 * DAY), canary: false };
    const never = { createdAt: at(-5 * DAY), lastUsedAt: null, canary: false };
    expect(inactivityRevokeAt(used, 30)).toEqual(at(20 * DAY));
    expect(inactivityRevokeAt(never, 30)).toEqual(at(25 * DAY));
    expect(inactivityRevokeAt(used, null)).toBeNull();
    expect(inactivityRevokeAt({ ...never, canary: true }, 30)).toBeNull();
    expect(inactivityCutoff(30, NOW)).toEqual(at(-30 * DAY));
  });
});
