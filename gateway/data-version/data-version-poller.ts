import type { Logger } from '../../shared/logging/logger.ts';

/** The data versions of one answer: the whole graph's, and each region's where the subgraph tells them. */
export interface DataVersions {
  version: string;
  /** Region code → that region's version; undefined when the subgraph does not resolve per-region versions. */
  regions: ReadonlyMap<string, string> | undefined;
}

/**
 * Keeps the current data versions in memory, asking for them every `intervalMs` (`fetchVersions` asks the
 * subgraph that resolves Query.dataVersion: national, in this graph), in one request whatever the traffic. Until
 * the first answer, and whenever the answer fails, `current()` and `regionVersions()` are undefined: the caches
 * are then neither read nor written, because a stale answer is worse than a slow one.
 */
export class DataVersionPoller {
  private version: string | undefined;
  private regions: ReadonlyMap<string, string> | undefined;
  private lastAnswered: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fetchVersions: () => Promise<DataVersions>,
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
   * A region's version, keying the entity cache; without per-region versions from the subgraph, every region
   * is keyed by the whole graph's version (any import then invalidates every region's entries).
   */
  regionVersion(region: string): string | undefined {
    if (this.version === undefined) return undefined;
    if (!this.regions) return `all ${this.version}`;
    // A region without imported content has no version yet; its first import gives it one.
    return this.regions.get(region) ?? 'none';
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
      const { version: next, regions } = await this.fetchVersions();
      if (next !== this.version)
        this.logger.info(
          { dataVersion: next, previous: this.version },
          'data version changed: cached responses of the old version are no longer served',
        );
      this.version = next;
      this.regions = regions;
      this.lastAnswered = next;
    } catch (error) {
      if (this.version !== undefined) this.logger.warn({ err: error }, 'data version unknown: response cache paused');
      this.version = undefined;
      this.regions = undefined;
    }
  }
}
