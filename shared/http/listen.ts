import { createServer, type RequestListener, type Server } from 'node:http';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Stops at once: every connection closes, requests in flight included (tests, a failed start). */
  close(): Promise<void>;
  /**
   * Stops gracefully: no new connection is accepted, idle keep-alive sockets close, requests in flight finish
   * and their sockets close after them; whatever still runs after `graceMs` is cut. Resolves true when
   * nothing had to be cut.
   */
  drain(graceMs: number): Promise<boolean>;
}

/**
 * How long a client may take to send a request's headers, and the whole request. Node measures both per
 * request (an idle keep-alive socket waits under keepAliveTimeout instead), so both can be far below the
 * keep-alive hint without closing pooled sockets. Node's defaults (60 s, 300 s) let a slow sender hold a
 * socket for minutes. Neither bounds the answer: a slow resolver is the caller's timeout to cut.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/**
 * A subgraph's keep-alive, above the longest the gateway's undici pool keeps an idle socket
 * (`keepAliveMaxTimeout` 120 s in gateway/subgraph-http/post-graphql.ts): undici takes the server's hint less
 * 2 s capped at that maximum, so the gateway always closes an idle socket first (5 s ahead), instead of the
 * subgraph closing one the gateway is about to reuse; and a pooled socket lives twice as long between bursts.
 * headersTimeout need not exceed it: Node starts that clock at a request's first byte, not while a socket idles.
 */
export const SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS = 125_000;

/**
 * An HTTP server with the timeouts above, serving `app` (or nothing yet: the gateway creates its server
 * before its app, so that Apollo's drain plugin can hold it).
 */
export function createHttpServer(app?: RequestListener, keepAliveTimeoutMs = KEEP_ALIVE_TIMEOUT_MS): Server {
  // The checks of the two timeouts run every connectionsCheckingInterval (Node's default 30 s would let a
  // 10 s limit stretch to 40 s).
  const server = createServer({
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: 1_000,
  });
  if (app) server.on('request', app);
  // Node's default of 5 s closes the gateway's pooled sockets between bursts of load. undici follows the
  // server's Keep-Alive hint less a margin, so a longer hint means fewer new connections and fewer
  // chances of a close racing a reuse (the gateway retries the race that remains).
  server.keepAliveTimeout = keepAliveTimeoutMs;
  return server;
}

/** Drains `server` as RunningServer.drain says. */
function drainServer(server: Server, graceMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let graceful = true;
    // A socket that finishes its request while the server drains must not wait for its keep-alive timeout.
    const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => {
      graceful = false;
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(closeIdle);
      clearTimeout(cut);
      resolve(graceful);
    });
    server.closeIdleConnections();
  });
}

/** A port another process holds: the message names the port and the setting that picks another. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
    portSetting: string,
  ) {
    super(
      `port ${port} on ${host} is already in use (is another instance running?). Stop it, ` +
        `or pick another port with ${portSetting}, e.g. ${portSetting}=${port + 1}`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Listens on `port` (0 picks a free one) and resolves once the socket is bound. `portSetting` names the
 * environment variable that chose the port, for the error when it is taken.
 */
export function listen(
  app: RequestListener | Server,
  port: number,
  host = '127.0.0.1',
  portSetting = 'PORT',
): Promise<RunningServer> {
  const server = typeof app === 'function' ? createHttpServer(app) : app;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host, portSetting) : error),
    );
    server.listen(port, host, () => {
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      // Keep-alive sockets from the gateway must not keep a stopping server alive.
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
      resolve({
        server,
        port: boundPort,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
        close,
        drain: (graceMs) => drainServer(server, graceMs),
      });
    });
  });
}

/** `listen` for a subgraph process: its keep-alive outlasts the gateway's pooled sockets (see above). */
export function listenAsSubgraph(
  listener: RequestListener,
  port: number,
  host = '127.0.0.1',
  portSetting = 'PORT',
): Promise<RunningServer> {
  return listen(createHttpServer(listener, SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS), port, host, portSetting);
}

/**
 * Fails at once with a PortInUseError when `port` is taken, before a long start-up that would end in it.
 * Another process may still take the port in between; `listen` says the same then.
 */
export async function assertPortFree(port: number, host: string, portSetting = 'PORT'): Promise<void> {
  if (port === 0) return;
  const probe = await listen(createHttpServer(), port, host, portSetting);
  await probe.close();
}

/** For an entry point's top level: a port in use ends the process with its one-line message, no stack trace. */
export function exitIfPortInUse(error: unknown): never {
  if (error instanceof PortInUseError) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
