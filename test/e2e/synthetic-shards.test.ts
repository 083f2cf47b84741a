import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { createGatewayServer, type GatewayServer } from '../../gateway/gateway-server.ts';
import { importFiles } from '../../ingest/importing/import-files.ts';
import { runGenerateCommand } from '../../ingest/synthetic/run-generate-command.ts';
import { listen, type RunningServer } from '../../shared/http/listen.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { readKnownRegions } from '../../shared/regions/known-regions.ts';
import { REGION_CODES } from '../../shared/regions/region-codes.ts';
import { createNationalService } from '../../subgraphs/national/national-service.ts';
import { serveRegionalShards, type RunningRegionalShards } from '../../subgraphs/regional/regional-shards.ts';
import { PLAN_FILES } from '../support/graph-cluster.ts';
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from '../support/test-database.ts';

// Three synthetic shards beside two offices, served by two regional "processes" (each serveRegionalShards is
// what one `REGIONS=… npm run serve:regional` runs): every shard its own HTTP server and schema.
const ENV = { SYNTHETIC_SHARDS: '3' };
const HOSTS = [
  ['VI', 'XV', 'XVII'],
  ['XII', 'XVI'],
];
const ASKED = ['VI', 'XII', 'XV', 'XVI', 'XVII'];

describe.each(TEST_ENGINES)(
  'synthetic shards on %s: a gateway over offices and SYNTHETIC_SHARDS=3, several shards per regional process',
  (engine) => {
    const regions = readKnownRegions(ENV);
    const logger = createLogger('test', 'silent');
    let database: TestDatabase;
    let hosts: RunningRegionalShards[] = [];
    let national: RunningServer;
    let nationalService: Awaited<ReturnType<typeof createNationalService>>;
    let gateway: GatewayServer;
    let gatewayServer: RunningServer;

    const query = async (text: string, variables?: Record<string, unknown>) => {
      const response = await fetch(`${gatewayServer.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: text, variables }),
      });
      return (await response.json()) as { data?: any; errors?: any[] };
    };

    beforeAll(async () => {
      database = await openTestDatabase(engine);
      const { handle, schemaPrefix } = database;
      const directory = mkdtempSync(join(tmpdir(), 'synthetic-shards-'));
      expect(
        runGenerateCommand(
          ['--seed', '3', '--out', directory, '--years', '2024-2025', '--regions', ASKED.join(',')],
          () => {},
          console.error,
          ENV,
        ),
      ).toBe(0);
      const generated = readdirSync(directory).map((name) => join(directory, name));
      await importFiles(handle, [...PLAN_FILES, ...generated], { schemaPrefix, regions });

      nationalService = await createNationalService({ database: handle, logger, schemaPrefix, regions });
      const app = express();
      app.use('/graphql', ...nationalService.handler);
      national = await listen(app, 0);
      for (const codes of HOSTS) {
        hosts.push(
          await serveRegionalShards({
            shards: codes.map((code) => ({ region: regions.parse(code), port: 0 })),
            database: handle,
            logger,
            host: '127.0.0.1',
            schemaPrefix,
          }),
        );
      }
      const regionUrls = hosts.flatMap((host) =>
        [...host.servers].map(([region, server]) => `${region}=${server.url}/graphql`),
      );
      gateway = await createGatewayServer(
        readGatewayConfig({
          NATIONAL_URL: `${national.url}/graphql`,
          REGION_URLS: regionUrls.join(','),
          REGION_TIMEOUT_MS: '5000',
          AUTH_MODE: 'off',
        }),
        logger,
      );
      gatewayServer = await listen(gateway.listener, 0);
    });
    afterAll(async () => {
      await gatewayServer?.close();
      await gateway?.stop();
      await national?.close();
      await nationalService?.stop();
      await Promise.all(hosts.map((host) => host.stop()));
      hosts = [];
      await database?.dispose();
    });

    it('answers a compareIndicator across offices and synthetic shards with no errors, the shards’ figures SYNTHETIC', async () => {
      const { data, errors } = await query(
        `query Compare($regions: [String!]) {
        compareIndicator(indicator: "IKU-01", regions: $regions, years: [2024, 2025]) {
          rows { region { code synthetic } year kind target realisation targetChange missing }
          summary { target { count } missing { region { code } year reason } }
        }
      }`,
        { regions: ASKED },
      );
      expect(errors).toBeUndefined();
      const rows = data.compareIndicator.rows;
      expect(rows.map((row: any) => `${row.region.code} ${row.year}`)).toEqual(
        ASKED.flatMap((code) => [`${code} 2024`, `${code} 2025`]),
      );
      for (const row of rows.filter((candidate: any) => regions.isSynthetic(candidate.region.code))) {
        expect(row.region.synthetic).toBe(true);
        expect(row.kind).toBe('SYNTHETIC');
        expect(typeof row.target).toBe('number');
        expect(row.missing).toBeNull();
      }
      expect(rows.filter((row: any) => !row.region.synthetic).map((row: any) => row.region.code)).toEqual([
        'VI',
        'VI',
        'XII',
        'XII',
      ]);
      expect(data.compareIndicator.summary.target.count).toBe(rows.filter((row: any) => row.target !== null).length);
      // 2025's change needs 2024's cell, which each shard filled from its own schema.
      expect(
        rows
          .filter((row: any) => row.year === 2025 && regions.isSynthetic(row.region.code))
          .every((row: any) => typeof row.targetChange === 'number'),
      ).toBe(true);
    });

    it('lists the synthetic shards after the 14 offices in the directory, named and flagged as synthetic', async () => {
      const { data, errors } = await query(
        '{ regions { code name city provinces { name } synthetic } shard: region(code: "xvi") ' +
          '{ code name synthetic } }',
      );
      expect(errors).toBeUndefined();
      expect(data.regions.map((region: any) => region.code)).toEqual([...REGION_CODES, 'XV', 'XVI', 'XVII']);
      expect(data.regions.filter((region: any) => region.synthetic).map((region: any) => region.code)).toEqual([
        'XV',
        'XVI',
        'XVII',
      ]);
      expect(data.shard).toEqual({
        code: 'XVI',
        name: 'Synthetic shard XVI (benchmark only, not a BKN office)',
        synthetic: true,
      });
      for (const region of data.regions.filter((candidate: any) => candidate.synthetic))
        expect(region.provinces).toEqual([]);
    });

    it('gives each shard of a process its own port and its own schema', async () => {
      const ports = hosts.flatMap((host) => [...host.servers.values()].map((server) => server.port));
      expect(new Set(ports).size).toBe(ASKED.length);
      const [viServer, xvServer] = [hosts[0]!.servers.get('VI')!, hosts[0]!.servers.get('XV')!];
      const entities = async (server: RunningServer, code: string) => {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query:
              'query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code plan(year: 2025) ' +
              '{ regionCode kind } } } }',
            variables: { r: [{ __typename: 'Region', code }] },
          }),
        });
        return (await response.json()) as { data?: any; errors?: any[] };
      };
      expect((await entities(xvServer, 'XV')).data._entities[0].plan).toEqual({ regionCode: 'XV', kind: 'SYNTHETIC' });
      const wrong = await entities(viServer, 'XV');
      expect(wrong.errors?.[0]?.extensions?.code).toBe('WRONG_REGION');
    });
  },
);
