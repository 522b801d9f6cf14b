// The events a workspace can receive as webhooks (Standard Webhooks `type`), and
// what each one's `data` holds. Never a token value, digest or webhook secret.

export const EVENT_TYPES = [
  'api_token.created',
  'api_token.revoked',
  'api_token.rotated',
  'api_token.leaked',
  'api_token.expiring',
  'api_token.used_after_revocation',
  'api_token.canary_triggered',
  'token_policy.updated',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Sent only to the endpoint it was asked for ("send test event"), whatever it subscribed to. */
export const TEST_EVENT_TYPE = 'webhook.test';

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** A token as events describe it: what its owner and admins may see. */
export interface EventToken {
  /** The GraphQL global ID (ApiToken:<uuid>). */
  id: string;
  name: string;
  hint: string;
  owner: { id: string; email?: string | undefined };
  expires_at?: string | null;
  canary?: boolean;
}

/** Who did it: a user (global ID and email) or a system actor (secret scanning, the operator CLI). */
export interface EventActor {
  id: string | null;
  email: string;
}

/** An event before it is written: its type, its workspace, and its `data`. */
export interface OutgoingEvent {
  workspaceId: string;
  type: EventType | typeof TEST_EVENT_TYPE;
  data: Record<string, unknown>;
}
