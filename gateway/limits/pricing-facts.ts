import type { Logger } from '../../shared/logging/logger.ts';
import type { PricingFacts } from './operation-cost.ts';

/** The national question behind the facts: one cheap request per refresh, whatever the traffic. */
export const PRICING_FACTS_QUERY = '{ regions { planYears } indicators { id } budgetItems { level } }';

interface FactsAnswer {
  regions: Array<{ planYears: number[] }>;
  indicators: unknown[];
  budgetItems: Array<{ level: string }>;
}

/**
 * Facts from national's answer: the defaults a comparison resolver would take ("all regions, every year with a plan").
 */
export function pricingFactsOf(answer: FactsAnswer): PricingFacts {
  const years = new Set(answer.regions.flatMap((region) => region.planYears));
  const perLevel = new Map<string, number>();
  for (const item of answer.budgetItems) perLevel.set(item.level, (perLevel.get(item.level) ?? 0) + 1);
  return {
    regions: Math.max(1, answer.regions.length),
    planYears: Math.max(1, years.size),
    indicators: Math.max(1, answer.indicators.length),
    budgetItems: Math.max(1, ...perLevel.values()),
  };
}

const REFRESH_AFTER_MS = 30_000;

/**
 * The pricing facts of the last successful refresh, or generous fallbacks before the first one. Refreshed
 * in the background when older than 30 s, so pricing never waits for national and an outage of national
 * prices operations with the last facts it gave.
 */
export class PricingFactsSource {
  private facts: PricingFacts;
  private fetchedAt = -Infinity;
  private refreshing: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly fetchFacts: () => Promise<PricingFacts>,
    fallback: PricingFacts,
    private readonly logger: Logger,
  ) {
    this.facts = fallback;
  }

  current(): PricingFacts {
    if (performance.now() - this.fetchedAt > REFRESH_AFTER_MS) void this.refresh();
    return this.facts;
  }

  /** Resolves once a refresh, started now or already running, has ended. */
  refresh(): Promise<void> {
    this.refreshing ??= this.fetchFacts()
      .then((facts) => {
        this.facts = facts;
        this.fetchedAt = performance.now();
        this.failing = false;
      })
      .catch((error: unknown) => {
        // Try again on the next operation, but not more than once a second.
        this.fetchedAt = performance.now() - REFRESH_AFTER_MS + 1_000;
        // Once per outage: a gateway over a supergraph without national never has the facts, and says so once.
        if (!this.failing)
          this.logger.warn({ err: error }, 'pricing facts not refreshed; operations are priced with the previous ones');
        this.failing = true;
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }
}
