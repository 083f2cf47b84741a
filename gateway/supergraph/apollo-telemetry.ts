/**
 * @apollo/gateway, whenever an ApolloGateway is built, looks for the cloud it runs in (HTTP requests to the
 * metadata addresses of AWS, Azure, GCP and Alibaba: 169.254.169.254, metadata.google.internal, 100.100.100.200)
 * and then sends usage metrics to usage-reporting.api.apollographql.com, unless APOLLO_TELEMETRY_DISABLED is
 * 'true' or '1'. The gateway calls its subgraphs and nothing else: analysts' networks are closed, and nothing
 * about a deployment may leave it. The variable is the only switch the library reads, and it reads it in the
 * constructor, so it is set here before any gateway is built; an operator who wants the reports sets it to false.
 */
export function keepApolloTelemetryOff(env: NodeJS.ProcessEnv = process.env): void {
  env.APOLLO_TELEMETRY_DISABLED ??= 'true';
}
