import { ValidationError } from '../errors.js';
import { validateTokenName } from './names.js';
import type { ApiTokenScope } from './scopes.js';

export { TOKEN_NAME_MAX } from './names.js';

/** The longest overlap of a rotation: the old secret works at most this long after it (7 days). */
export const MAX_OVERLAP_SECONDS = 7 * 86_400;

export interface CreateTokenInput {
  name: string;
  expiresAt?: Date | null | undefined;
  /** Null or absent: every scope the creator may grant (tokens/scopes.ts). */
  scopes?: readonly ApiTokenScope[] | null | undefined;
  /** A canary token: never authenticates, every use is recorded (default false). */
  canary?: boolean | null | undefined;
}

export interface ValidCreateTokenInput {
  name: string;
  expiresAt: Date | null;
  canary: boolean;
}

export interface RotateTokenInput {
  /** How long the old secret keeps working, 0 (stops at once) to MAX_OVERLAP_SECONDS; absent: 0. */
  overlapSeconds?: number | null | undefined;
  /** A new expiry for the token; null or absent keeps the one it has. */
  expiresAt?: Date | null | undefined;
}

export interface ValidRotateTokenInput {
  overlapSeconds: number;
  /** Null: keep the token's expiry. */
  expiresAt: Date | null;
}

function validateExpiry(expiresAt: Date | null, now: Date): Date | null {
  if (expiresAt !== null) {
    if (Number.isNaN(expiresAt.getTime())) throw new ValidationError('Expiry is not a valid date.', 'expiresAt');
    if (expiresAt.getTime() <= now.getTime()) {
      throw new ValidationError('Expiry must be in the future.', 'expiresAt');
    }
  }
  return expiresAt;
}

export function validateCreateTokenInput(input: CreateTokenInput, now: Date): ValidCreateTokenInput {
  const name = validateTokenName(input.name);
  return { name, expiresAt: validateExpiry(input.expiresAt ?? null, now), canary: input.canary === true };
}

export function validateRotateTokenInput(input: RotateTokenInput, now: Date): ValidRotateTokenInput {
  const overlapSeconds = input.overlapSeconds ?? 0;
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_SECONDS) {
    throw new ValidationError(
      `The overlap must be a whole number of seconds from 0 (the old secret stops at once) to ${MAX_OVERLAP_SECONDS} (7 days).`,
      'overlapSeconds',
    );
  }
  return { overlapSeconds, expiresAt: validateExpiry(input.expiresAt ?? null, now) };
}
