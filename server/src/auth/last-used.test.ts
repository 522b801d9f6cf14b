// The recorder's own rules, against a recording stand-in for the driver (the SQL
// itself is exercised against both databases in test/last-used-batch.test.ts).
import { describe, expect, it } from 'vitest';
import { createLastUsedRecorder } from './last-used.js';

function recorder(options: { maxPending?: number; fail?: () => boolean } = {}) {
  const sent: { name: string | undefined; params: unknown[] }[] = [];
  const errors: unknown[] = [];
  let now = Date.parse('2030-01-01T00:00:00Z');
  const lastUsed = createLastUsedRecorder({
    sql: {
      query: async (_text, params, name) => {
        sent.push({ name, params: params ?? [] });
        if (options.fail?.()) throw new Error('disk full');
        return [];
      },
    },
    clock: () => new Date(now),
    throttleSeconds: 60,
    flushMs: 60_000,
    onError: (error) => errors.push(error),
    ...(options.maxPending !== undefined && { maxPending: options.maxPending }),
  });
  return { lastUsed, sent, errors, advance: (ms: number) => (now += ms) };
}

describe('last-used recorder', () => {
  it('writes nothing before the flush, then one batch for every token', async () => {
    const { lastUsed, sent } = recorder();
    for (const id of ['a', 'b', 'c']) lastUsed.record(id, null);
    lastUsed.record('a', null); // throttled: already waiting
    expect(sent).toHaveLength(0);
    await lastUsed.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params[0]).toEqual(['a', 'b', 'c']);
  });

  it('keeps the waiting uses bounded: the bound writes them at once', async () => {
    const { lastUsed, sent } = recorder({ maxPending: 2 });
    lastUsed.record('a', null);
    expect(sent).toHaveLength(0);
    lastUsed.record('b', null);
    expect(sent).toHaveLength(1);
    lastUsed.record('c', null);
    await lastUsed.flush();
    expect(sent.map((s) => s.params[0])).toEqual([['a', 'b'], ['c']]);
  });

  it('logs a failed batch, and its tokens are written again at their next use', async () => {
    let failing = true;
    const { lastUsed, sent, errors, advance } = recorder({ fail: () => failing });
    lastUsed.record('a', null);
    await lastUsed.flush();
    expect(errors).toHaveLength(1);
    failing = false;
    advance(1_000);
    lastUsed.record('a', null);
    await lastUsed.flush();
    expect(sent.map((s) => s.params[0])).toEqual([['a'], ['a']]);
  });

  it('writes a use of a rotated-away secret apart, and the others still in one batch', async () => {
    const { lastUsed, sent } = recorder();
    lastUsed.record('a', null);
    lastUsed.record('a', null, undefined, new Uint8Array(32));
    lastUsed.record('b', null);
    await lastUsed.flush();
    expect(sent.map((s) => s.name).sort()).toEqual(['api_tokens_touch_batch_v1', 'api_tokens_touch_previous_v1']);
  });
});
