import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadInTurns } from '../../bench/load-in-turns.ts';

interface Received {
  body: string;
  signature: string | undefined;
}

/**
 * A real server that answers every POST with `{"data":{}}` and keeps what it received, in order (and, with
 * `arrivals`, its name and the body in the order of every server's arrivals).
 */
async function recordingServer(arrivals?: {
  name: string;
  log: string[];
}): Promise<{ origin: string; server: Server; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ body, signature: req.headers['x-signature'] as string | undefined });
      arrivals?.log.push(`${arrivals.name} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, received };
}

describe('loadInTurns', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('asks each target question i in its own words, with the headers of that body, before question i + 1', async () => {
    const gateway = await recordingServer();
    const region = await recordingServer();
    servers.push(gateway.server, region.server);
    const questions = ['{"query":"a"}', '{"query":"b"}', '{"query":"c"}'];
    const entityFetches = ['{"query":"entities a"}', '{"query":"entities b"}', '{"query":"entities c"}'];

    const [viaGateway, direct] = await loadInTurns({
      targets: [
        { origin: gateway.origin, headers: {} },
        {
          origin: region.origin,
          headers: {},
          bodies: entityFetches,
          headersFor: (body) => ({ 'x-signature': `signed ${body.length}` }),
        },
      ],
      bodies: questions,
      warmupS: 0,
      durationS: 0.3,
    });

    expect(viaGateway!.requests).toBeGreaterThan(3);
    expect(direct!.requests).toBeGreaterThan(3);
    expect(viaGateway!.failedRequests + direct!.failedRequests).toBe(0);
    // Every target gets the questions in the same order, each in its own words.
    gateway.received.forEach(({ body, signature }, index) => {
      expect(body).toBe(questions[index % questions.length]);
      expect(signature).toBeUndefined();
    });
    region.received.forEach(({ body, signature }, index) => {
      expect(body).toBe(entityFetches[index % entityFetches.length]);
      expect(signature).toBe(`signed ${body.length}`);
    });
    // In turns: neither target runs more than one question ahead of the other.
    expect(Math.abs(gateway.received.length - region.received.length)).toBeLessThanOrEqual(1);
  });

  it('asks each target turnLength questions in a row, the next questions in the next round', async () => {
    const log: string[] = [];
    const gateway = await recordingServer({ name: 'gateway', log });
    const region = await recordingServer({ name: 'region', log });
    servers.push(gateway.server, region.server);
    const questions = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => `{"query":"${name}"}`);

    await loadInTurns({
      targets: [
        { origin: gateway.origin, headers: {} },
        { origin: region.origin, headers: {} },
      ],
      bodies: questions,
      warmupS: 0,
      durationS: 0.3,
      turnLength: 3,
    });

    // Whole rounds only: the run may stop inside the last one.
    const rounds = Math.floor(log.length / 6);
    expect(rounds).toBeGreaterThan(2);
    for (let round = 0; round < rounds; round++) {
      const turns = log.slice(round * 6, round * 6 + 6);
      const firstHalf = round % 2 === 0 ? ['a', 'b', 'c'] : ['d', 'e', 'f'];
      const servedFirst = turns[0]!.split(' ')[0]!;
      const servedSecond = servedFirst === 'gateway' ? 'region' : 'gateway';
      expect(turns).toEqual([
        ...firstHalf.map((name) => `${servedFirst} {"query":"${name}"}`),
        ...firstHalf.map((name) => `${servedSecond} {"query":"${name}"}`),
      ]);
      // The order turns with each pass over the questions, so that each turn's questions come to each target first.
      if (round >= 2) expect(servedFirst).not.toBe(log[(round - 2) * 6]!.split(' ')[0]);
    }
  });

  it('refuses a target whose bodies do not match the questions one for one', async () => {
    await expect(
      loadInTurns({
        targets: [{ origin: 'http://127.0.0.1:9', headers: {}, bodies: ['{}'] }],
        bodies: ['{}', '{}'],
        warmupS: 0,
        durationS: 0.1,
      }),
    ).rejects.toThrow('has 1 bodies for 2 questions');
  });
});
