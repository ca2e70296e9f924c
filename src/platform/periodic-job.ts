// Background work the server repeats (deadline checks, retention purges, orphan sweeps): one
// timer loop for all of them, so each runs at once and then every interval, never overlaps
// itself, and is waited for on shutdown.

export interface PeriodicJob {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` now and every `intervalMs`. A run still going when the timer fires again is left to
 * finish; the next tick catches up. A failed run goes to `onError` and the next tick tries again.
 */
export function startPeriodicJob(run: () => Promise<void>, options: { intervalMs: number; onError: (error: unknown) => void }): PeriodicJob {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = run().catch(options.onError).finally(() => { running = undefined; });
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
