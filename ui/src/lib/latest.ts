// Checks run as one types: wait for a pause, ask the shell, and keep only
// the newest answer. An `$effect` returns the cleanup this gives, so the
// next keystroke (or closing the view) cancels the wait and drops an answer
// that comes back after a newer check started. Tested in latest.test.ts.

export interface LatestHandlers<T> {
  /** The answer, when no newer run has started since. */
  done: (value: T) => void;
  /** The failure, when no newer run has started since. */
  failed: (error: unknown) => void;
  /** After `done` or `failed` (not after a dropped run): e.g. clear a spinner. */
  settled?: () => void;
}

/** Runs `task` after `delayMs` and hands its outcome on unless the returned cleanup ran first. */
export function latestAfterPause<T>(delayMs: number, task: () => Promise<T>, handlers: LatestHandlers<T>): () => void {
  let current = true;
  const timer = setTimeout(async () => {
    try {
      const value = await task();
      if (current) handlers.done(value);
    } catch (e) {
      if (current) handlers.failed(e);
    } finally {
      if (current) handlers.settled?.();
    }
  }, delayMs);
  return () => {
    current = false;
    clearTimeout(timer);
  };
}
