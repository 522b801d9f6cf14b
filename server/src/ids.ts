// The one shape of a database id: every primary key is a UUID column (UUIDv7 for
// tokens and audit events). Checked before a lookup, so that a malformed id is
// "not found" (or a typed error) instead of a statement PostgreSQL rejects.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
