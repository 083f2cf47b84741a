import type { Server } from 'node:http';
import type { Express } from 'express';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listens on `port` (0 picks a free one) and resolves once the socket is bound. */
export function listen(app: Express, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    // Node's default of 5 s closes the gateway's pooled sockets between bursts of load. undici follows the
    // server's Keep-Alive hint less a margin, so a longer hint means fewer new connections and fewer
    // chances of a close racing a reuse (the gateway retries the race that remains).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      // Keep-alive sockets from the gateway must not keep a stopping server alive.
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
      resolve({ server, port: boundPort, url: `http://${host}:${boundPort}`, close });
    });
  });
}
