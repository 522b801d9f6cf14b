import { ValidationError } from '../errors.js';

export const TOKEN_NAME_MAX = 100;
// C0 and C1 control characters, plus line/paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export interface CreateTokenInput {
  name: string;
  expiresAt?: Date | null | undefined;
}

export interface ValidCreateTokenInput {
  name: string;
  expiresAt: Date | null;
}

export function validateCreateTokenInput(input: CreateTokenInput, now: Date): ValidCreateTokenInput {
  const name = input.name.trim();
  if (name.length === 0) throw new ValidationError('Name is required.', 'name');
  if ([...name].length > TOKEN_NAME_MAX) {
    throw new ValidationError(`Name must be at most ${TOKEN_NAME_MAX} characters.`, 'name');
  }
  if (CONTROL_CHARS.test(name)) {
    throw new ValidationError('Name must not contain control characters.', 'name');
  }
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null) {
    if (Number.isNaN(expiresAt.getTime())) throw new ValidationError('Expiry is not a valid date.', 'expiresAt');
    if (expiresAt.getTime() <= now.getTime()) {
      throw new ValidationError('Expiry must be in the future.', 'expiresAt');
    }
  }
  return { name, expiresAt };
}
