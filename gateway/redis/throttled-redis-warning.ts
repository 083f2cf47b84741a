/** At most one warning this often while Redis fails, so that a Redis that is down or hung does not flood the log. */
export const REDIS_WARNING_INTERVAL_MS = 10_000;

/** `log(error)` at most once every REDIS_WARNING_INTERVAL_MS; the errors in between are dropped. */
export function throttledRedisWarning(log: (error: unknown) => void): (error: unknown) => void {
  let lastWarning = Number.NEGATIVE_INFINITY;
  return (error) => {
    if (performance.now() - lastWarning < REDIS_WARNING_INTERVAL_MS) return;
    lastWarning = performance.now();
    log(error);
  };
}
