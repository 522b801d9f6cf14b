// The pg driver's own text form of a parameter (what it sends for $n), which its
// types do not declare: used to write EXECUTE's literals (pglite-prepared.ts).
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): string | Buffer | null;
}
