import { readNonNegativeInteger, readPositiveInteger } from '../../shared/config/environment.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerSettings {
  /**
   * Consecutive failed calls (timeouts, refused connections, HTTP errors) that open the circuit; 0 turns breaking off.
   */
  failureThreshold: number;
  /** How long an open circuit refuses calls before it lets one trial call through (half-open). */
  cooldownMs: number;
}

/**
 * A 2 s cooldown puts the trial call soon enough that a region whose database is back serves again within
 * 5 s; while the region stays hung, one operation every 2 s carries the trial and waits its timeout.
 */
export const DEFAULT_CIRCUIT_BREAKER_SETTINGS: Readonly<CircuitBreakerSettings> = Object.freeze({
  failureThreshold: 3,
  cooldownMs: 2_000,
});

/** CIRCUIT_FAILURE_THRESHOLD (0: off) and CIRCUIT_COOLDOWN_MS, for the gateway's config.ts. */
export function readCircuitBreakerSettings(env: NodeJS.ProcessEnv): Readonly<CircuitBreakerSettings> {
  return Object.freeze({
    failureThreshold: readNonNegativeInteger(
      env,
      'CIRCUIT_FAILURE_THRESHOLD',
      DEFAULT_CIRCUIT_BREAKER_SETTINGS.failureThreshold,
    ),
    cooldownMs: readPositiveInteger(env, 'CIRCUIT_COOLDOWN_MS', DEFAULT_CIRCUIT_BREAKER_SETTINGS.cooldownMs),
  });
}

/**
 * An open circuit that no call has tried for this many cooldowns after its cooldown ended forgets its failures and
 * closes: what it learnt is that old, and nothing since says the service is still down. Without it, a circuit
 * that the entity cache kept every call away from stayed open long after its fault ended, and the moment live
 * calls came back (national restarting, which pauses the cache) all but one of them were refused for the trial
 * (`npm run chaos`, twentieth pass).
 */
export const FORGET_AFTER_COOLDOWNS = 5;

/** How a call ended, for the breaker: `neutral` says nothing about the service (the operation was cancelled). */
export type CallOutcome = 'success' | 'failure' | 'neutral';

/** A call refused because the circuit is open; carries when the next trial call may go. */
export class CircuitOpenError extends Error {
  /** "failed repeatedly; calls to it are paused for 5 s", for a message that names the service its own way. */
  readonly why: string;

  constructor(
    readonly service: string,
    readonly retryInMs: number,
  ) {
    const why = `failed repeatedly; calls to it are paused for ${Math.ceil(retryInMs / 1000)} s`;
    super(`${service} ${why}`);
    this.why = why;
  }
}

/**
 * One service's circuit (a region, or an unsharded subgraph). Closed, calls go through and consecutive
 * failures are counted; at the threshold it opens and every call is refused at once, so that a hung
 * service stops costing each operation its full timeout. After the cooldown it is half-open: exactly one
 * trial call goes through (the others are still refused); its success closes the circuit, its failure
 * opens it for another cooldown, and a neutral end (cancelled) leaves the trial to the next call. An open circuit
 * that no call tried for FORGET_AFTER_COOLDOWNS cooldowns after its cooldown closes at the next call.
 *
 * Consecutive failures rather than a failure rate over a rolling window: a hung or dead service fails
 * every call, so the count trips as soon as a rate would, without timers or buckets per service.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  /** Moves on every change of state, so that a call that started under an earlier state cannot move the current one. */
  private epoch = 0;

  constructor(
    readonly service: string,
    private readonly settings: CircuitBreakerSettings,
    private readonly onStateChange: (service: string, state: CircuitState) => void = () => {},
    private readonly now: () => number = () => performance.now(),
  ) {}

  get currentState(): CircuitState {
    if (this.state !== 'open') return this.state;
    const waited = this.now() - this.openedAt;
    if (waited >= this.forgottenAfterMs) return 'closed';
    return waited >= this.settings.cooldownMs ? 'half-open' : 'open';
  }

  /** Since it opened: the cooldown, then as many cooldowns more without a call. */
  private get forgottenAfterMs(): number {
    return this.settings.cooldownMs * (1 + FORGET_AFTER_COOLDOWNS);
  }

  /**
   * Runs `call` unless the circuit refuses it (rejecting with CircuitOpenError), and counts how it ended as
   * `classify` says; a refused call is not counted.
   */
  async run<T>(call: () => Promise<T>, classify: (error: unknown) => CallOutcome): Promise<T> {
    const ticket = this.admit();
    try {
      const result = await call();
      this.settle(ticket, 'success');
      return result;
    } catch (error) {
      this.settle(ticket, classify(error));
      throw error;
    }
  }

  private admit(): { epoch: number; trial: boolean } {
    if (this.settings.failureThreshold === 0) return { epoch: this.epoch, trial: false };
    if (this.state === 'open') {
      const waited = this.now() - this.openedAt;
      if (waited < this.settings.cooldownMs)
        throw new CircuitOpenError(this.service, this.settings.cooldownMs - waited);
      if (waited >= this.forgottenAfterMs) this.close();
      else this.moveTo('half-open');
    }
    if (this.state === 'half-open') {
      // One trial at a time: the others would each wait for the same possibly hung service.
      if (this.trialInFlight) throw new CircuitOpenError(this.service, this.settings.cooldownMs);
      this.trialInFlight = true;
      return { epoch: this.epoch, trial: true };
    }
    return { epoch: this.epoch, trial: false };
  }

  private settle(ticket: { epoch: number; trial: boolean }, outcome: CallOutcome): void {
    if (this.settings.failureThreshold === 0 || ticket.epoch !== this.epoch) return;
    if (ticket.trial) {
      this.trialInFlight = false;
      if (outcome === 'success') this.close();
      else if (outcome === 'failure') this.open();
      return;
    }
    if (outcome === 'success') this.failures = 0;
    else if (outcome === 'failure' && ++this.failures >= this.settings.failureThreshold) this.open();
  }

  private open(): void {
    this.openedAt = this.now();
    this.moveTo('open');
  }

  private close(): void {
    this.failures = 0;
    this.moveTo('closed');
  }

  private moveTo(state: CircuitState): void {
    this.epoch += 1;
    const changed = this.state !== state;
    this.state = state;
    if (changed) this.onStateChange(this.service, state);
  }
}

/** One breaker per service name (a region code, a subgraph name), created on first use with the same settings. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly settings: CircuitBreakerSettings,
    private readonly onStateChange?: (service: string, state: CircuitState) => void,
  ) {}

  for(service: string): CircuitBreaker {
    let breaker = this.breakers.get(service);
    if (!breaker) {
      breaker = new CircuitBreaker(service, this.settings, this.onStateChange);
      this.breakers.set(service, breaker);
    }
    return breaker;
  }
}
