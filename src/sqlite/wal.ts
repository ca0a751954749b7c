/** The part of a better-sqlite3 connection that switching to WAL needs. */
export interface PragmaRunner {
  pragma(source: string): unknown;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_LOCKED' ||
    (error instanceof Error && /database is locked/.test(error.message))
  );
}

/**
 * Switches the file to WAL, waiting up to `timeoutMs` for other connections. Two processes opening
 * a new file at once may both try the switch; SQLite then answers one of them SQLITE_BUSY at once,
 * without its busy handler (waiting could deadlock), so the switch is retried here instead.
 * @throws the driver's error when the file stays locked past `timeoutMs`, or for any other failure.
 */
export async function enableWal(
  db: PragmaRunner,
  timeoutMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => number = Date.now,
): Promise<void> {
  const deadline = now() + timeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || now() >= deadline) throw error;
      await sleep(20);
    }
  }
}
