// A separate process for the data-directory lock tests: waits until `startAt`
// (so that several start together), tries to take the lock on `dataDir`, prints
// one JSON line with the outcome, then holds what it got until killed or `holdMs`.
// Plain JavaScript, given the lock's module (server/dist's when current, else the
// source through tsx, see spawnLockChild): without tsx a start costs ~0.4 s less CPU.
const [lockModule, dataDir, startAt = '0', holdMs = '600000'] = process.argv.slice(2);
const { acquireDataDirLock, DataDirLockedError } = await import(lockModule);
const delay = Number(startAt) - Date.now();
if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
try {
  const lock = await acquireDataDirLock(dataDir, { kind: 'server', label: 'lock test child' });
  process.stdout.write(`${JSON.stringify({ pid: process.pid, won: true })}\n`);
  setTimeout(() => {
    lock.release();
    process.exit(0);
  }, Number(holdMs));
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  process.stdout.write(
    `${JSON.stringify({ pid: process.pid, won: false, holder: error.pid, message: error.message })}\n`,
  );
}
