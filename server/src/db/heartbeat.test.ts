import { describe, expect, it } from 'vitest';
import { HEARTBEAT_PREFIX, startHeartbeat, type Heartbeat } from './heartbeat.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A heartbeat whose notifications come back only while `channel.delivering`. */
function loopback(intervalMs: number) {
  const channel = { delivering: true, sent: [] as string[] };
  const events: string[] = [];
  const echoes: number[] = [];
  let heartbeat!: Heartbeat;
  heartbeat = startHeartbeat({
    intervalMs,
    send: async (payload) => {
      channel.sent.push(payload);
      if (channel.delivering) setTimeout(() => heartbeat.receive(payload), 1);
    },
    onEcho: (sentAtMs) => {
      echoes.push(sentAtMs);
      events.push('echo');
    },
    onMissed: () => events.push('missed'),
  });
  return { channel, events, echoes, heartbeat };
}

describe('heartbeat', () => {
  it('sends at once and then every interval, each echo reporting when it was sent', async () => {
    const { channel, echoes, events, heartbeat } = loopback(30);
    // Until the third send, not a fixed sleep: on a loaded machine timers lag.
    const started = Date.now();
    while (channel.sent.length < 3 && Date.now() - started < 5_000) await sleep(10);
    heartbeat.stop();
    expect(channel.sent.length).toBeGreaterThanOrEqual(3);
    expect(channel.sent.every((payload) => payload.startsWith(HEARTBEAT_PREFIX))).toBe(true);
    expect(events).not.toContain('missed');
    expect(echoes).toEqual([...echoes].sort((a, b) => a - b));
  });

  it('reports a miss once, and stops, when an echo is not back by the time the next is due', async () => {
    const { channel, events, heartbeat } = loopback(50);
    await sleep(10);
    channel.delivering = false;
    const stalledAt = Date.now();
    while (!events.includes('missed') && Date.now() - stalledAt < 5_000) await sleep(5);
    // Sent within one interval of the stall, overdue one interval later: never before that. (No upper
    // bound here: on a loaded machine timers lag; the end-to-end tests bound the whole path.)
    expect(events).toContain('missed');
    expect(Date.now() - stalledAt).toBeGreaterThanOrEqual(50);
    const sent = channel.sent.length;
    channel.delivering = true;
    await sleep(100);
    expect(events.filter((event) => event === 'missed')).toHaveLength(1);
    expect(channel.sent.length).toBe(sent);
    heartbeat.stop();
  });

  it('a failed send is a miss', async () => {
    const events: string[] = [];
    const heartbeat = startHeartbeat({
      intervalMs: 1_000,
      send: () => Promise.reject(new Error('connection reset')),
      onEcho: () => events.push('echo'),
      onMissed: () => events.push('missed'),
    });
    await sleep(10);
    expect(events).toEqual(['missed']);
    heartbeat.stop();
  });

  it("consumes other instances' heartbeats without counting them, and leaves other payloads alone", () => {
    const events: string[] = [];
    const heartbeat = startHeartbeat({
      intervalMs: 1_000,
      send: async () => {},
      onEcho: () => events.push('echo'),
      onMissed: () => events.push('missed'),
    });
    expect(heartbeat.receive(`${HEARTBEAT_PREFIX}someone-else:1`)).toBe(true);
    expect(heartbeat.receive('u:5a1e')).toBe(false);
    expect(heartbeat.receive('*')).toBe(false);
    expect(events).toEqual([]);
    heartbeat.stop();
  });
});
