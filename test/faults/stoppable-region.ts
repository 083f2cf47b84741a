import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * A region that can hang for real: a child process relaying TCP to a region's server. SIGSTOP it and the
 * region is hung as a stopped process is (the kernel still accepts connections; nothing answers them, and
 * requests on pooled connections wait); SIGCONT and it answers again, the waiting requests included.
 */
export interface StoppableRegion {
  url: string;
  stop(): void;
  resume(): void;
  kill(): Promise<void>;
}

const RELAY = `
const net = require('node:net');
const target = Number(process.argv[1]);
const server = net.createServer((client) => {
  const upstream = net.connect(target, '127.0.0.1');
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

export async function startStoppableRegion(targetPort: number): Promise<StoppableRegion> {
  const child: ChildProcess = spawn(process.execPath, ['-e', RELAY, String(targetPort)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}
