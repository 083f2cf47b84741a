/**
 * The fetches one operation's query plan sends a data source side by side. @apollo/gateway starts the children
 * of a Parallel node in one synchronous pass (`executeNode`: Promise.all over the children, each reaching the data
 * source's `process` before its first await), so the fetches of one operation that arrive before the next
 * microtask are the ones running in parallel. They are handed over together at that microtask: no timer, and a
 * fetch that runs alone waits for nothing but the microtask.
 */
export class ConcurrentFetches<Fetch, Answer> {
  private readonly gathering = new WeakMap<object, Array<Waiting<Fetch, Answer>>>();

  /** `answerAll` answers the fetches that met, one promise per fetch in the order given. */
  constructor(private readonly answerAll: (fetches: Fetch[]) => Array<Promise<Answer>>) {}

  /** `fetch`'s answer; `operation` is what the fetches of one operation share (its request context). */
  join(operation: object, fetch: Fetch): Promise<Answer> {
    let met = this.gathering.get(operation);
    if (!met) {
      const gathered: Array<Waiting<Fetch, Answer>> = [];
      met = gathered;
      this.gathering.set(operation, gathered);
      queueMicrotask(() => this.handOver(operation, gathered));
    }
    const waiting = met;
    return new Promise<Answer>((resolve, reject) => waiting.push({ request: fetch, resolve, reject }));
  }

  private handOver(operation: object, met: Array<Waiting<Fetch, Answer>>): void {
    this.gathering.delete(operation);
    let answers: Array<Promise<Answer>>;
    try {
      answers = this.answerAll(met.map(({ request }) => request));
    } catch (error) {
      answers = met.map(() => Promise.reject(error));
    }
    met.forEach(({ resolve, reject }, index) => {
      answers[index]!.then(resolve, reject);
    });
  }
}

/** A request and how to answer whoever waits for it. */
interface Waiting<Request, Answer> {
  request: Request;
  resolve: (answer: Answer) => void;
  reject: (error: unknown) => void;
}

/**
 * Waits until each of `count` fetches has either submitted its request or withdrawn (it needs nothing: every entity
 * was in the entity cache), then sends the submitted requests in one go and answers each. The wait is for the other
 * fetches' cache lookups, never for a timer.
 */
export class GatheredRequests<Request, Answer> {
  private readonly submitted = new Map<number, Waiting<Request, Answer>>();
  private readonly settled = new Set<number>();

  constructor(
    private readonly count: number,
    /** Answers the submitted requests (the fetches' numbers and their requests), one answer per request. */
    private readonly sendAll: (fetches: number[], requests: Request[]) => Promise<Answer[]>,
  ) {}

  submit(fetch: number, request: Request): Promise<Answer> {
    const answer = new Promise<Answer>((resolve, reject) => this.submitted.set(fetch, { request, resolve, reject }));
    this.settle(fetch);
    return answer;
  }

  /** The fetch will submit nothing (it is answered, or failed before it asked). */
  withdraw(fetch: number): void {
    this.settle(fetch);
  }

  private settle(fetch: number): void {
    if (this.settled.has(fetch)) return;
    this.settled.add(fetch);
    if (this.settled.size === this.count && this.submitted.size) void this.sendSubmitted();
  }

  private async sendSubmitted(): Promise<void> {
    const fetches = [...this.submitted.keys()];
    const waiting = fetches.map((fetch) => this.submitted.get(fetch)!);
    try {
      const answers = await this.sendAll(
        fetches,
        waiting.map(({ request }) => request),
      );
      waiting.forEach(({ resolve }, index) => {
        resolve(answers[index]!);
      });
    } catch (error) {
      for (const { reject } of waiting) reject(error);
    }
  }
}
