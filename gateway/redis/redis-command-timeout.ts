/**
 * How long a request waits for Redis before it goes on without it. Redis answers a GET, an MGET of a region's
 * slice or a rate-limit script in well under a millisecond on a LAN and in a few ms across zones; 50 ms is ten
 * times that and leaves room for the event-loop delays of a gateway busy on two cores, which would otherwise
 * turn answers that arrived in time into misses. Not a setting: a hang costs it once per Redis connection (see
 * `run`), and a false timeout costs one miss, so an operator would gain nothing by tuning it.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 50;

export interface RedisCommandTimeout {
  /**
   * `command`'s own outcome (value or rejection) when it settles within the timeout; otherwise `otherwise()`.
   * While a command that timed out is still unanswered, Redis is taken to hang: `otherwise()` at once, and
   * `command` is not sent, so that nothing piles up in the client's queue. The first late answer (Redis
   * resumed), or the client failing those commands (connection lost), lets commands through again.
   */
  run<T>(command: () => Promise<T>, otherwise: () => T | Promise<T>): Promise<T>;
  /** Commands that timed out and have not settled yet: 0 while Redis keeps up. */
  readonly unanswered: number;
}

/**
 * A deadline for each command to one Redis connection. node-redis has none that holds for a hung server: its
 * per-command `timeout` and `abortSignal` stop counting once the command is written to the socket, which a
 * stopped or partitioned Redis still accepts into its kernel buffers, and `socket.socketTimeout` is an idle
 * timeout that every write restarts. So the wait is bounded here, and a hung Redis is recognised by the commands
 * it leaves unanswered.
 */
export function redisCommandTimeout(options: {
  /** Called on each timeout (the caller's log throttles it). */
  onTimeout(error: Error): void;
  timeoutMs?: number;
}): RedisCommandTimeout {
  const timeoutMs = options.timeoutMs ?? REDIS_COMMAND_TIMEOUT_MS;
  let unanswered = 0;
  return {
    get unanswered() {
      return unanswered;
    },
    run<T>(command: () => Promise<T>, otherwise: () => T | Promise<T>): Promise<T> {
      if (unanswered > 0) return Promise.resolve().then(otherwise);
      // A command that throws before it returns a promise settles like one that rejects.
      const sent = Promise.resolve().then(command);
      return new Promise<T>((resolve, reject) => {
        let late = false;
        const timer = setTimeout(() => {
          late = true;
          unanswered += 1;
          options.onTimeout(new Error(`Redis did not answer within ${timeoutMs} ms`));
          Promise.resolve().then(otherwise).then(resolve, reject);
        }, timeoutMs);
        // The timer alone must not keep a stopping process alive.
        timer.unref();
        const settled = () => {
          clearTimeout(timer);
          if (late) unanswered -= 1;
        };
        // A late rejection is handled here too, and dropped: its caller has had `otherwise()`.
        sent.then(
          (value) => {
            settled();
            if (!late) resolve(value);
          },
          (error: unknown) => {
            settled();
            if (!late) reject(error);
          },
        );
      });
    },
  };
}
