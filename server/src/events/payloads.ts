// The `data` of each event, built in one place so every event names a token, a
// user and an actor the same way: GraphQL global IDs (what the API and the page
// use), snake_case fields (as the Standard Webhooks examples do), ISO 8601 times.
// Nothing here ever receives a token value, a digest or a webhook secret.
import type { EventActor, EventToken } from './types.js';

/** Relay's global ID, as the GraphQL API gives it: base64 of `<Type>:<id>`. */
export const globalId = (type: string, id: string): string => Buffer.from(`${type}:${id}`).toString('base64');

export interface TokenFacts {
  id: string;
  name: string;
  hint: string;
  ownerId: string;
  ownerEmail?: string | undefined;
  expiresAt?: Date | null;
  canary?: boolean;
}

export function eventToken(token: TokenFacts): EventToken {
  return {
    id: globalId('ApiToken', token.id),
    name: token.name,
    hint: token.hint,
    owner: { id: globalId('User', token.ownerId), ...(token.ownerEmail !== undefined && { email: token.ownerEmail }) },
    ...(token.expiresAt !== undefined && { expires_at: token.expiresAt?.toISOString() ?? null }),
    ...(token.canary !== undefined && { canary: token.canary }),
  };
}

/** A user (by id) or a system actor (`userId` null: secret scanning, the operator CLI, …). */
export function eventActor(actor: { userId: string | null; email: string }): EventActor {
  return { id: actor.userId === null ? null : globalId('User', actor.userId), email: actor.email };
}
