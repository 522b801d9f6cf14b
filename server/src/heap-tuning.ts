// Keeps the server's heap near its live data (~30 MB under load) instead of V8's
// defaults, which let it idle at ~110 MB of garbage under steady load and peak RSS
// past 200 MB (measured in bench/README.md):
// - No allocation-site pretenuring. V8 saw pg's row values and the response
//   headers survive the odd scavenge (32 requests in flight) and began allocating
//   them straight into the old generation: ~40 MB/s of short-lived garbage there,
//   a full collection every 1–2 s, and on a busy core each one shows in p99.
//   Allocated young, they die young: promotion fell from ~1.4 to ~0.3 MB per scavenge.
// - The old generation may grow by `percent` over what survived the last full
//   collection before the next one (V8 goes up to 300 %). A heap *limit* is not
//   the same thing: under one, V8 switches to its small-heap factor and collects
//   several times a second.
// The young generation's size cannot be set from here (V8 sizes it before any code
// runs); `--max-semi-space-size=4` on the command line saves ~20 MB but costs W1 about a
// fifth of its throughput (bench/README.md, "Issue 16"), so production leaves it at V8's default.
import v8 from 'node:v8';

/** Applies HEAP_GROWING_PERCENT (0 = leave V8's defaults alone); call before the server allocates. */
export function applyHeapGrowingPercent(percent: number): void {
  if (percent <= 0) return;
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
