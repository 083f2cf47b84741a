import { isIP } from 'node:net';
import { MIN_SECRET_LENGTH } from '../security/subgraph-signature.ts';

/** Who can reach a subgraph: the address it binds, and the secret the gateway signs its requests with. */
export interface SubgraphAccess {
  /** HOST; default 127.0.0.1, so that an unconfigured subgraph is reachable from its own machine only. */
  host: string;
  /** SUBGRAPH_SECRET; unset, unsigned requests are accepted, which only a loopback HOST allows. */
  subgraphSecret: string | undefined;
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '::ffff:127.0.0.1';
}

/** SUBGRAPH_SECRET, when set, must be long enough to be a key (the gateway reads it with this too). */
export function readSubgraphSecret(env: NodeJS.ProcessEnv): string | undefined {
  const secret = env.SUBGRAPH_SECRET;
  if (secret === undefined || secret === '') return undefined;
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `SUBGRAPH_SECRET must have at least ${MIN_SECRET_LENGTH} characters (e.g. ` +
        `the output of \`openssl rand -hex 32\`); got ${secret.length}`,
    );
  }
  return secret;
}

/** Fails when HOST opens the subgraph beyond loopback while SUBGRAPH_SECRET is unset. */
export function readSubgraphAccess(env: NodeJS.ProcessEnv): SubgraphAccess {
  const host = env.HOST || '127.0.0.1';
  const subgraphSecret = readSubgraphSecret(env);
  if (!subgraphSecret && !isLoopback(host)) {
    throw new Error(
      `HOST="${host}" lets other machines reach this subgraph, so SUBGRAPH_SECRET is required: ` +
        `set SUBGRAPH_SECRET (the gateway's too, ` +
        `at least ${MIN_SECRET_LENGTH} characters) or bind HOST to 127.0.0.1`,
    );
  }
  return { host, subgraphSecret };
}
