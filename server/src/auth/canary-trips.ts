// Records uses of canary tokens off the response path: the request is answered as
// for an unknown token at once, and the trip (time, address, client) is written
// afterwards by TokenService.recordCanaryTrip (with its audit row). Every use is
// recorded; only a flood beyond MAX_IN_FLIGHT writes at once is dropped (and
// logged), so a canary cannot be turned into a way to load the database.
import type { Clock } from '../clock.js';

const MAX_IN_FLIGHT = 200;

export interface CanaryTripRecorder {
  record(tokenId: string, from: { ip: string | null; userAgent: string | null }): void;
  /** Waits for every trip under way (shutdown, tests). */
  flush(): Promise<void>;
}

export function createCanaryTripRecorder(options: {
  clock: Clock;
  write: (tokenId: string, trip: { ip: string | null; userAgent: string | null }, at: Date) => Promise<unknown>;
  onError: (error: unknown) => void;
  onDropped: () => void;
}): CanaryTripRecorder {
  const writes = new Set<Promise<void>>();
  return {
    record(tokenId, from) {
      if (writes.size >= MAX_IN_FLIGHT) return options.onDropped();
      const done = Promise.resolve()
        .then(() => options.write(tokenId, from, options.clock()))
        .then(() => undefined, options.onError);
      writes.add(done);
      void done.finally(() => writes.delete(done));
    },
    async flush() {
      while (writes.size > 0) await Promise.all([...writes]);
    },
  };
}
