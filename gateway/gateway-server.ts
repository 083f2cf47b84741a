import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import proxyAddress from 'proxy-addr';
import { mountProbes } from '../shared/http/probes.ts';
import { checkSubgraphReady, gatewayReadiness } from './health/subgraph-readiness.ts';
import type { Logger } from '../shared/logging/logger.ts';
import { createJsonErrorHandler, jsonNotFound } from '../shared/http/json-error-handler.ts';
import { argumentHygiene, DEFAULT_MAX_ARGUMENT_LENGTH } from '../shared/graphql/argument-hygiene.ts';
import { requestIdOf } from '../shared/http/graphql-middleware.ts';
import { introspectionAccess } from './auth/introspection-access.ts';
import { authenticate, createAuthenticator, identityOf } from './auth/authenticate.ts';
import { createPersistedQueries } from './export/persisted-queries.ts';
import { createGatewayListener, createGraphQLPostRoute, GRAPHQL_BODY_LIMIT_BYTES } from './http/graphql-post-route.ts';
import { sanitiseClientError } from './client-errors/format-client-error.ts';
import { operationDeadline, operationSignal } from './deadline/operation-deadline.ts';
import { admission, tokenLimitErrorOf } from './limits/admission.ts';
import { fallbackPricingFacts } from './limits/operation-cost.ts';
import { PRICING_FACTS_QUERY, PricingFactsSource, pricingFactsOf } from './limits/pricing-facts.ts';
import { createCallerRateLimiter } from './rate-limit/caller-rate-limit.ts';
import type { GatewayConfig } from './config.ts';
import { createComparePageRouter } from './compare-page/compare-page-router.ts';
import { createExportRouter } from './export/export-router.ts';
import { createGraphiQLRouter } from './graphiql/graphiql-page.ts';
import { createGraphQLExecutor } from './graphql-executor.ts';
import { answerCompression } from './http/answer-compression.ts';
import { stringifyResult } from './subgraph-http/verbatim-answer-text.ts';
import { securityHeaderHandlers } from './http/security-headers.ts';
import { requestLogging, type GatewayContext } from './logging/request-logging.ts';
import { DataVersionPoller, type DataVersions } from './data-version/data-version-poller.ts';
import { EntityCache } from './entity-cache/entity-cache.ts';
import { inMemoryEntityStore, redisEntityStore } from './entity-cache/entity-cache-store.ts';
import { createResponseCacheStore, responseCache } from './response-cache/response-cache.ts';
import { createHealthRoute } from './health/health-route.ts';
import type { SubgraphEndpoint } from './health/subgraph-health.ts';
import { LastGoodAnswers } from './shard-router/last-good-answers.ts';
import { keepApolloTelemetryOff } from './supergraph/apollo-telemetry.ts';
import { subgraphsAnsweringAlone } from './supergraph/subgraphs-answering-alone.ts';
import { ShardRouterDataSource } from './shard-router/shard-router-data-source.ts';
import { withOneSubgraphPassThrough } from './pass-through/one-subgraph-pass-through.ts';
import { CircuitBreakers } from './circuit-breaker/circuit-breaker.ts';
import { createSubgraphAgent, postGraphQL } from './subgraph-http/post-graphql.ts';
import { RemoteSubgraphDataSource } from './subgraph-http/remote-data-source.ts';
import { metricsAccess } from './observability/metrics-access.ts';
import { observeDataVersion, operationMetrics } from './observability/operation-metrics.ts';
import { observeSubgraphCalls, setCircuitOpen } from './observability/subgraph-calls.ts';
import { mountMetrics } from '../shared/observability/metrics.ts';

/** The gateway's own question that keys the response cache: asked of whichever subgraph resolves it. */
const DATA_VERSION_QUERY = '{ dataVersion }';
/** The same with each region's version, which keys the entity cache, when that subgraph resolves them too. */
const REGION_DATA_VERSIONS_QUERY = '{ dataVersion regionDataVersions { region version } }';

/** The versions in an answer to one of the two questions above. */
function dataVersionsOf(data: Record<string, unknown>): DataVersions {
  const { dataVersion: version, regionDataVersions } = data;
  if (typeof version !== 'string') throw new Error(`no data version in the answer: ${JSON.stringify(version)}`);
  if (!Array.isArray(regionDataVersions)) return { version, regions: undefined };
  const regions = new Map<string, string>();
  for (const entry of regionDataVersions as Array<{ region?: unknown; version?: unknown }>)
    if (typeof entry.region === 'string' && typeof entry.version === 'string') regions.set(entry.region, entry.version);
  return { version, regions };
}

/** The first unsharded subgraph that answers `query` alone (one answer, whatever the region), or why none does. */
function subgraphForOwnQuestion(
  supergraphSdl: string,
  query: string,
  sharded: ReadonlyMap<string, unknown>,
): string | Error {
  try {
    const answering = subgraphsAnsweringAlone(supergraphSdl, query);
    const unsharded = answering.find((name) => !sharded.has(name));
    if (unsharded) return unsharded;
    return new Error(
      answering.length
        ? `${query} is answered only by ${answering.join(', ')}, routed by region`
        : `no one subgraph of the supergraph answers ${query}`,
    );
  } catch (error) {
    return error as Error;
  }
}

export interface GatewayServer {
  /** Every HTTP request of the gateway: POST /graphql on node:http (http/graphql-post-route.ts), the rest express's. */
  listener: RequestListener;
  stop(): Promise<void>;
}

/**
 * A general Federation 2 gateway: serves any supergraph, calling each subgraph at its URL (or the
 * configured override), and routes by region the subgraphs configured as sharded.
 */
export async function createGatewayServer(
  config: GatewayConfig,
  logger: Logger,
  /**
   * For a process that stops on signals: the HTTP server the app will be served on (Apollo's drain plugin
   * then lets its requests in flight finish, up to shutdownGraceMs, when stop() is called), and the signal
   * that aborts when stopping starts (/ready answers 503 from then on).
   */
  lifecycle: { httpServer?: Server; shutdownGraceMs?: number; stopping?: AbortSignal } = {},
): Promise<GatewayServer> {
  // First: a bad key file or API key file stops the start before anything else is opened.
  const authenticator = await createAuthenticator(config.auth, logger);
  const agent = createSubgraphAgent({ secret: config.subgraphSecret });
  const endpoints: SubgraphEndpoint[] = [];
  // One circuit per unsharded subgraph, by its name ("national"), and one per (sharded subgraph, region) below.
  const circuits = new CircuitBreakers(config.circuitBreaker, (service, state) => {
    logger.warn({ service, circuit: state }, `circuit of ${service} is ${state}`);
    setCircuitOpen(service, undefined, state === 'open');
  });
  const regionCircuitsOf = (subgraph: string) =>
    new CircuitBreakers(config.circuitBreaker, (region, state) => {
      logger.warn({ service: region, subgraph, circuit: state }, `circuit of ${subgraph} ${region} is ${state}`);
      setCircuitOpen(subgraph, region, state === 'open');
    });
  const supergraphSdl = readFileSync(config.supergraphFile, 'utf8');
  const cacheOn = config.responseCacheTtlSeconds > 0;
  // The entity cache keys each region's cells by that region's data version, polled with the graph's version.
  const entityCache =
    config.entityCacheMaxBytes > 0
      ? new EntityCache(
          config.redisUrl ? redisEntityStore(config.redisUrl, logger) : inMemoryEntityStore(config.entityCacheMaxBytes),
          createHash('sha256').update(supergraphSdl).digest('base64url').slice(0, 12),
        )
      : undefined;
  // With the response cache on, each region's last good answers are kept to be served stale while it fails.
  const lastGoodAnswers =
    cacheOn && config.staleCellsMaxBytes > 0 ? new LastGoodAnswers(config.staleCellsMaxBytes) : undefined;
  // Filled as the gateway builds its data sources: what the pass-through sends an operation one of them answers alone.
  const shardRouters = new Map<string, ShardRouterDataSource>();
  keepApolloTelemetryOff();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService({ name, url }): GraphQLDataSource {
      const sharded = config.shardedSubgraphs.get(name);
      if (sharded) {
        for (const [region, regionUrl] of sharded.regionUrls) endpoints.push({ name, region, url: regionUrl });
        if (sharded.regionUrls.size === 0)
          logger.warn(
            { subgraph: name },
            `no region URLs for ${name} (REGION_URLS or SUBGRAPHS_FILE): its fields will answer REGION_NOT_CONFIGURED`,
          );
        const router = new ShardRouterDataSource({
          subgraphName: name,
          regionUrls: sharded.regionUrls,
          regionKey: sharded.regionKey,
          timeoutMs: config.regionTimeoutMs,
          requestsInFlightPerRegion: config.regionRequestsInFlight,
          requestsLingerLimitMs: config.regionRequestsLingerMs,
          agent,
          logger,
          circuits: regionCircuitsOf(name),
          lastGoodAnswers: lastGoodAnswers && { answers: lastGoodAnswers, dataVersion: () => dataVersion.lastKnown() },
          entityCache: entityCache && {
            cache: entityCache,
            regionVersion: (region) => dataVersion.regionVersion(region),
          },
        });
        shardRouters.set(name, router);
        return router;
      }
      const target = config.subgraphUrls[name] ?? url;
      if (!target)
        throw new Error(
          `Subgraph "${name}" has no URL in the supergraph and none is configured (SUBGRAPH_URLS or NATIONAL_URL)`,
        );
      endpoints.push({ name, url: target });
      return new RemoteSubgraphDataSource({
        name,
        url: target,
        agent,
        timeoutMs: config.subgraphTimeoutMs,
        circuit: circuits.for(name),
        answerCache: entityCache && { cache: entityCache, dataVersion: () => dataVersion.current() },
      });
    },
  });

  /**
   * The gateway's own questions (data version, pricing facts), outside any client's operation: each goes to the
   * unsharded subgraph that resolves all it asks, found in the supergraph (national, here), never by a name.
   */
  const ownQuestionSubgraphs = new Map(
    [DATA_VERSION_QUERY, REGION_DATA_VERSIONS_QUERY, PRICING_FACTS_QUERY].map((query) => [
      query,
      subgraphForOwnQuestion(supergraphSdl, query, config.shardedSubgraphs),
    ]),
  );
  const askOwnQuestion = async (query: string, headers: Record<string, string> = {}) => {
    const subgraph = ownQuestionSubgraphs.get(query);
    if (subgraph === undefined || subgraph instanceof Error) throw subgraph ?? new Error(`not a question: ${query}`);
    const endpoint = endpoints.find((candidate) => candidate.name === subgraph && candidate.region === undefined);
    if (!endpoint) throw new Error(`subgraph ${subgraph} has no endpoint to ask ${query}`);
    const answer = await postGraphQL({ agent, url: endpoint.url, body: { query }, headers, timeoutMs: 2_000 });
    if (!answer.data) throw new Error(`${subgraph} answered no data: ${JSON.stringify(answer.errors)}`);
    return answer.data;
  };
  // A supergraph where no subgraph resolves Query.dataVersion has no version to key the cache by: it stays paused.
  const versionsQuestion =
    ownQuestionSubgraphs.get(REGION_DATA_VERSIONS_QUERY) instanceof Error
      ? DATA_VERSION_QUERY
      : REGION_DATA_VERSIONS_QUERY;
  const dataVersion = new DataVersionPoller(
    async () => {
      const versions = dataVersionsOf(await askOwnQuestion(versionsQuestion));
      observeDataVersion(versions.version);
      return versions;
    },
    config.dataVersionPollMs,
    logger,
  );
  const pricingFacts = new PricingFactsSource(
    async () =>
      pricingFactsOf((await askOwnQuestion(PRICING_FACTS_QUERY)) as unknown as Parameters<typeof pricingFactsOf>[0]),
    fallbackPricingFacts(
      Math.max(0, ...[...config.shardedSubgraphs.values()].map((sharded) => sharded.regionUrls.size)),
    ),
    logger,
  );
  const rateLimiter = config.rateLimit.enabled
    ? createCallerRateLimiter(config.rateLimit, config.redisUrl, logger)
    : undefined;
  const cacheStore = cacheOn ? createResponseCacheStore(config.redisUrl, logger) : undefined;
  const server = new ApolloServer<GatewayContext>({
    // An operation one sharded subgraph answers alone skips the query plan (gateway/pass-through/).
    gateway: withOneSubgraphPassThrough(gateway, { supergraphSdl, sharded: shardRouters }),
    includeStacktraceInErrorResponses: false,
    // A region's answer passed on unchanged is written as the region sent it, not serialised again.
    stringifyResult,
    // The process has one signal handler (shared/http/stop-on-signals.ts); Apollo's own raced it (exit 143).
    stopOnTerminationSignals: false,
    // The parser stops at the token limit, before a document too large to price is built.
    parseOptions: { maxTokens: config.limits.tokens },
    formatError: (formatted, error) =>
      sanitiseClientError(tokenLimitErrorOf(formatted, error, config.limits) ?? formatted),
    cache: cacheStore?.cache,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ...(lifecycle.httpServer
        ? [
            ApolloServerPluginDrainHttpServer({
              httpServer: lifecycle.httpServer,
              stopGracePeriodMillis: lifecycle.shutdownGraceMs,
            }),
          ]
        : []),
      requestLogging(),
      operationMetrics({ cache: cacheOn }),
      argumentHygiene<GatewayContext>({ maxLength: DEFAULT_MAX_ARGUMENT_LENGTH }),
      introspectionAccess({ anonymous: config.anonymousIntrospection }),
      admission({ limits: config.limits, facts: () => pricingFacts.current(), rateLimiter }),
      operationDeadline(config.operationTimeoutMs),
      ...(cacheStore
        ? responseCache({ ttlSeconds: config.responseCacheTtlSeconds, dataVersion, cache: cacheStore.cache })
        : []),
    ],
  });
  await server.start();
  // The data sources are built by now: each subgraph call is counted and timed by its endpoint.
  const stopObservingCalls = observeSubgraphCalls(endpoints);
  if (cacheOn || entityCache) await dataVersion.start();
  await pricingFacts.refresh();

  /** One operation's context, whichever route (express or POST /graphql) received it. */
  const contextOf = async (req: IncomingMessage, res: ServerResponse): Promise<GatewayContext> => {
    const requestId = requestIdOf(req.headers);
    res.setHeader('x-request-id', requestId);
    return {
      requestId,
      logger: logger.child({ requestId }),
      identity: identityOf(res),
      signal: operationSignal(config.operationTimeoutMs, req, res),
      clientAddress: proxyAddress(req, trustedProxy),
    };
  };
  const persistedQueries = createPersistedQueries();
  const app = express();
  // Anonymous callers are rate-limited by address: behind a load balancer, the client's, not the balancer's.
  app.set('trust proxy', config.trustProxy);
  const trustedProxy: (address: string, hop: number) => boolean = app.get('trust proxy fn');
  app.disable('x-powered-by');
  // What every answer goes through first, on the express routes and on POST /graphql alike.
  const beforeEveryRoute = [...securityHeaderHandlers({ corsOrigins: config.corsOrigins }), answerCompression()];
  app.use(...beforeEveryRoute);
  const pingSubgraph = async (url: string) => {
    await postGraphQL({ agent, url, body: { query: '{ __typename }' }, headers: {}, timeoutMs: 2_000 });
    await checkSubgraphReady(agent, url);
  };
  mountProbes(app, { ready: gatewayReadiness(endpoints, pingSubgraph), stopping: lifecycle.stopping });
  // METRICS_PORT unset: here, for analysts and the local machine only (docs/operations.md).
  mountMetrics(app, { guard: metricsAccess((headers) => authenticator.identify(headers)) });
  app.get(
    '/health',
    createHealthRoute({
      endpoints,
      ping: pingSubgraph,
      identify: (headers) => authenticator.identify(headers),
    }),
  );
  app.use(createGraphiQLRouter('graphql'));
  app.use(createComparePageRouter());
  // The pages and their assets hold no data: only the data routes ask who calls.
  app.use(['/graphql', '/export'], authenticate(authenticator, logger));
  // Before the GraphQL handler: it answers GET /graphql with Accept: text/csv itself.
  app.use(
    createExportRouter(createGraphQLExecutor(server, logger, { operationTimeoutMs: config.operationTimeoutMs }), {
      // Asked for each export, not polled: a 304 must never outlive an import.
      dataVersion: async (requestId) => {
        const version = (await askOwnQuestion(DATA_VERSION_QUERY, { 'x-request-id': requestId })).dataVersion;
        return typeof version === 'string' ? version : undefined;
      },
      persistedQueries,
      chargeShortcut:
        rateLimiter &&
        ((req, res) =>
          rateLimiter.charge({ identity: identityOf(res), clientAddress: proxyAddress(req, trustedProxy) }, 0)),
    }),
  );
  app.use(
    '/graphql',
    express.json({ limit: GRAPHQL_BODY_LIMIT_BYTES }),
    expressMiddleware(server, { context: ({ req, res }) => contextOf(req, res) }),
  );
  // Last: an unknown path or a malformed body is JSON like every other answer, never an HTML page with a stack.
  app.use(jsonNotFound);
  app.use(createJsonErrorHandler(logger));

  const postRoute = createGraphQLPostRoute({
    server,
    before: beforeEveryRoute,
    authenticator,
    logger,
    contextOf,
    persistedQueries,
  });
  return {
    listener: createGatewayListener(app, postRoute),
    async stop() {
      dataVersion.stop();
      await server.stop();
      await entityCache?.close();
      await cacheStore?.close();
      await rateLimiter?.close();
      await agent.close();
      stopObservingCalls();
    },
  };
}
