import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** Every host this process opened a TCP connection to while the spy was on. */
function recordConnections(): { hosts: Set<string>; stop(): void } {
  const hosts = new Set<string>();
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect and http's agents pass their options already normalised, as a one-element array.
    const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    if (typeof first === 'object' && first !== null && 'port' in first) {
      hosts.add(String((first as net.TcpNetConnectOpts).host ?? 'localhost'));
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      hosts.add(typeof second === 'string' ? second : 'localhost');
    }
    return (connect as (...parameters: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  return { hosts, stop: () => (net.Socket.prototype.connect = connect) };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The gateway calls its subgraphs and nothing else: no cloud metadata probe, no usage report to a vendor.
 * @apollo/gateway does both by default (it detects the cloud it runs in at 169.254.169.254 and friends, then sends
 * metrics to usage-reporting.api.apollographql.com) unless APOLLO_TELEMETRY_DISABLED is set; analysts' networks
 * are closed, and nothing about a deployment may leave it.
 */
describe('outbound connections', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let connections: ReturnType<typeof recordConnections>;
  const setting = process.env.APOLLO_TELEMETRY_DISABLED;

  beforeAll(async () => {
    // As a new deployment runs: nobody set the library's switch.
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    database = await openTestDatabase('pglite');
    connections = recordConnections();
    cluster = await startGraphCluster(database, ['VI']);
  }, 120_000);

  afterAll(async () => {
    connections?.stop();
    await cluster?.stop();
    await database?.dispose();
    if (setting === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
    else process.env.APOLLO_TELEMETRY_DISABLED = setting;
  });

  it('reach only the subgraphs on loopback while the gateway starts and answers', async () => {
    const answer = await cluster.query('{ plan(region: "VI", year: 2021) { totalBudget } }');
    expect(answer.data?.plan.totalBudget).toBe(12218328000);
    // The cloud detectors start when the gateway is built; give their sockets time to open.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect([...connections.hosts].filter((host) => !LOOPBACK.has(host))).toEqual([]);
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
});
