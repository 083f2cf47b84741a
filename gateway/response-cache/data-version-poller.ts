import type { Logger } from '../../shared/logging/logger.ts';

/**
 * Keeps the current data version in memory, asking for it every `intervalMs` (`fetchVersion` asks the subgraph
 * that resolves Query.dataVersion: national, in this graph). Until the
 * first answer, and whenever the answer fails, `current()` is undefined: the cache is then neither read
 * nor written, because a stale answer is worse than a slow one.
 */
export class DataVersionPoller {
  private version: string | undefined;
  private lastAnswered: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fetchVersion: () => Promise<string>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  current(): string | undefined {
    return this.version;
  }

  /**
   * The version last answered, even while its subgraph (national) does not answer: what keys the regions' last good
   * answers, which are served marked stale with their time and so may outlive an outage of national too.
   */
  lastKnown(): string | undefined {
    return this.lastAnswered;
  }

  private async refresh(): Promise<void> {
    try {
      const next = await this.fetchVersion();
      if (next !== this.version)
        this.logger.info(
          { dataVersion: next, previous: this.version },
          'data version changed: cached responses of the old version are no longer served',
        );
      this.version = next;
      this.lastAnswered = next;
    } catch (error) {
      if (this.version !== undefined) this.logger.warn({ err: error }, 'data version unknown: response cache paused');
      this.version = undefined;
    }
  }
}
