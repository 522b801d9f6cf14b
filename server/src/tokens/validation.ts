import { ValidationError } from '../errors.js';
import { validateTokenName } from './names.js';

export { TOKEN_NAME_MAX } from './names.js';

export interface CreateTokenInput {
  name: string;
  expiresAt?: Date | null | undefined;
  /** A canary token: never authenticates, every use is recorded (default false). */
  canary?: boolean | null | undefined;
}

export interface ValidCreateTokenInput {
  name: string;
  expiresAt: Date | null;
  canary: boolean;
}

export function validateCreateTokenInput(input: CreateTokenInput, now: Date): ValidCreateTokenInput {
  const name = validateTokenName(input.name);
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null) {
    if (Number.isNaN(expiresAt.getTime())) throw new ValidationError('Expiry is not a valid date.', 'expiresAt');
    if (expiresAt.getTime() <= now.getTime()) {
      throw new ValidationError('Expiry must be in the future.', 'expiresAt');
    }
  }
  return { name, expiresAt, canary: input.canary === true };
}
