/**
 * The ideal client as its own process, so that its CPU is measured apart from the bench's load generator.
 * Driven over the IPC channel by bench/: receives its config, loads at once, says `window-start`
 * and `window-end` at the edges of the measured window, sends back its result, and exits on `exit`.
 */
import { createSubgraphAgent } from '../gateway/subgraph-http/post-graphql.ts';
import { readSubgraphSecret } from '../shared/config/subgraph-access.ts';
import { createIdealClient, type IdealClientConfig } from './ideal-client.ts';

type ParentMessage = { type: 'config'; config: IdealClientConfig } | { type: 'exit' };

if (!process.send) {
  console.error('bench/ideal-client-main.ts is started by `npm run bench` (it needs an IPC channel)');
  process.exit(2);
}
const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

const config = await new Promise<IdealClientConfig>((resolve) =>
  process.once('message', (message: ParentMessage) => {
    if (message.type === 'config') resolve(message.config);
  }),
);
// The gateway's own keep-alive pool settings and request signing (SUBGRAPH_SECRET), so that the comparison
// is about the hop, not the pool or the signature.
const agent = createSubgraphAgent({ secret: readSubgraphSecret(process.env) });
const client = createIdealClient(config, agent);
try {
  const result = await client.run({
    onWindowStart: () => void send({ type: 'window-start' }),
    onWindowEnd: () => void send({ type: 'window-end' }),
  });
  // Stay until the bench has read this process's CPU time and let it go.
  const dismissed = new Promise<void>((resolve) => process.once('message', () => resolve()));
  await send({ type: 'result', result });
  await dismissed;
} catch (error) {
  await send({ type: 'failed', message: (error as Error).stack ?? String(error) });
} finally {
  await agent.close();
  process.disconnect();
}
