import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readGatewayConfig } from '../../gateway/config.ts';
import { ENTITY_CACHE_OFF, type GraphCluster } from './graph-cluster.ts';

/**
 * A gateway's settings over `cluster`'s national with the regions at `regionUrls` (`VI=…,XII=…`, the held one
 * among them), coalescing (REGION_REQUESTS_IN_FLIGHT=1), the entity cache off, then `env`.
 */
export function heldRegionGatewayConfig(cluster: GraphCluster, regionUrls: string, env: Record<string, string>) {
  return readGatewayConfig({
    NATIONAL_URL: `${cluster.national.url}/graphql`,
    REGION_URLS: regionUrls,
    SUBGRAPH_SECRET: cluster.subgraphSecret!,
    REGION_REQUESTS_IN_FLIGHT: '1',
    ...ENTITY_CACHE_OFF,
    ...env,
  });
}

/**
 * A region behind a pass-through that holds each request until the test lets it go: while the gateway's one
 * request to VI is held, the other operations' requests for VI wait at the gateway, as they do while a busy region
 * answers. Each request's representations are recorded as it arrives.
 */
export class HeldRegion {
  readonly received: Array<{ representations: number; requestIds: string[] }> = [];
  private server: Server | undefined;
  private releaseHeld: Array<() => void> = [];
  private holding = true;

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  /** Lets every held request go, and those to come. */
  release(): void {
    this.holding = false;
    for (const release of this.releaseHeld.splice(0)) release();
  }

  /** Holds the requests to come. */
  hold(): void {
    this.holding = true;
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const requestIds = [req.headers['x-request-id'], req.headers['x-bkn-coalesced-request-ids']]
      .flatMap((value) => (typeof value === 'string' ? value.split(',') : []))
      .filter(Boolean);
    this.received.push({
      representations: JSON.parse(body.toString()).variables?.representations?.length ?? 0,
      requestIds,
    });
    if (this.holding) await new Promise<void>((resolve) => this.releaseHeld.push(resolve));
    if (res.destroyed) return;
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length'),
    ) as Record<string, string>;
    const answer = await fetch(this.target, { method: 'POST', headers, body });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  }
}
