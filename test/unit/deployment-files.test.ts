import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseUrlList } from '../../gateway/config.ts';
import { BKN_REGIONS } from '../../shared/regions/known-regions.ts';
import { readRegionalConfig } from '../../subgraphs/regional/config.ts';

// No container engine runs here: these tests read docker-compose.yml and the Dockerfile as the engine would,
// and hold them to what the code reads, serves and routes.

interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const dockerfile = readFileSync('Dockerfile', 'utf8');
/** The services built from this repository's image (postgres is someone else's image, with its own variables). */
const ownServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}
const code = ['gateway', 'subgraphs', 'shared', 'ingest', 'bench', 'scripts']
  .flatMap(sourceFiles)
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

/**
 * True when the code reads the variable: `env.NAME`, `env['NAME']`, or the name passed as a string (readPort(env,
 * 'NAME', …)).
 */
const codeReads = (name: string) =>
  new RegExp(`env\\.${name}\\b|env\\[['"]${name}['"]\\]|['"\`]${name}['"\`]`).test(code);

/** Read by libraries rather than by our code; each with the reason it is set. */
const READ_BY_LIBRARIES: Record<string, string> = { NODE_ENV: 'express and Apollo Server: production mode' };

/** Dockerfile instructions of the last stage (the image that runs), continuation lines joined. */
const finalStage = dockerfile
  .replace(/\\\n/g, ' ')
  .split(/^FROM /m)
  .pop()!;
const instructions = (stage: string, name: string) =>
  stage
    .split('\n')
    .filter((line) => line.startsWith(`${name} `))
    .map((line) => line.slice(name.length + 1).trim());

/** The exec-form arguments of a Dockerfile instruction such as CMD ["node", …] or HEALTHCHECK … CMD [...]. */
const execForm = (text: string): string[] => JSON.parse(text.slice(text.indexOf('['))) as string[];

describe('docker-compose.yml and the Dockerfile', () => {
  it('set only environment variables that the code reads', () => {
    const set = new Set<string>();
    for (const [, service] of ownServices) for (const name of Object.keys(service.environment ?? {})) set.add(name);
    for (const line of instructions(finalStage, 'ENV')) set.add(line.split(/[=\s]/)[0]!);
    expect(set.size).toBeGreaterThan(10);
    const unread = [...set].filter((name) => !codeReads(name) && !(name in READ_BY_LIBRARIES));
    expect(unread).toEqual([]);
  });

  it('route every region I to XIV at the gateway, each to a regional service that serves it on that port', () => {
    const gatewayEnv = compose.services.gateway?.environment ?? {};
    const routes = parseUrlList('REGION_URLS', gatewayEnv.REGION_URLS);
    expect([...routes.keys()].sort()).toEqual([...BKN_REGIONS.codes].sort());
    const served = new Map<string, string>();
    for (const [name, service] of ownServices) {
      const env = service.environment ?? {};
      if (!env.REGION && !env.REGIONS) continue;
      for (const shard of readRegionalConfig(env).shards) served.set(`${name}:${shard.port}`, shard.region);
    }
    for (const [region, url] of routes) {
      const { hostname, port } = new URL(url);
      expect({ region, servedThere: served.get(`${hostname}:${port}`) }).toEqual({ region, servedThere: region });
    }
    expect(new URL(gatewayEnv.NATIONAL_URL!).hostname in compose.services).toBe(true);
  });

  it('check health on paths the services serve', () => {
    const probes = [
      ...ownServices
        .filter(([, service]) => !service.healthcheck?.disable)
        .map(([name, service]) => ({ name, test: service.healthcheck?.test ?? [] })),
      { name: 'Dockerfile', test: execForm(instructions(finalStage, 'HEALTHCHECK')[0] ?? '[]') },
    ];
    expect(probes.map((probe) => probe.name)).toEqual(
      expect.arrayContaining(['gateway', 'national', 'regional-1', 'Dockerfile']),
    );
    for (const { name, test } of probes) {
      const path = test.find((argument) => argument.startsWith('/'));
      expect({ name, path }).toEqual({ name, path: expect.stringMatching(/^\/\w+/) });
      // A route of that path in the code (shared/http/probes.ts mounts /live and /ready on every process).
      expect({ name, routed: new RegExp(`\\.get\\(\\s*['"]${path}['"]`).test(code) }).toEqual({ name, routed: true });
      const script = test.find((argument) => argument.endsWith('.mjs'));
      if (script)
        expect({ name, script, inImage: dockerfile.includes(`COPY ${script}`) }).toEqual({
          name,
          script,
          inImage: true,
        });
    }
  });

  it('run node itself, on compiled JavaScript, as PID 1', () => {
    const cmd = execForm(instructions(finalStage, 'CMD').pop() ?? '[]');
    const commands = [
      { name: 'Dockerfile CMD', argv: cmd },
      ...ownServices.map(([name, service]) => ({ name, argv: service.entrypoint ?? service.command ?? cmd })),
    ];
    for (const { name, argv } of commands) {
      expect({ name, program: argv[0] }).toEqual({ name, program: 'node' });
      const scripts = argv.filter((argument) => /\.(js|ts)$/.test(argument));
      expect({ name, scripts: scripts.filter((script) => !/^(\.\/)?dist\/.+\.js$/.test(script)) }).toEqual({
        name,
        scripts: [],
      });
      // dist/X.js is compiled from X.ts (npm run build): the source must exist.
      for (const script of scripts) {
        const source = script.replace(/^(\.\/)?dist\//, '').replace(/\.js$/, '.ts');
        expect({ name, source, exists: existsSync(source) }).toEqual({ name, source, exists: true });
      }
    }
  });

  it('build in stages on a supported LTS slim image and run as a non-root user', () => {
    const stages = dockerfile.match(/^FROM /gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const image = /^ARG NODE_IMAGE=(\S+)/m.exec(dockerfile)?.[1];
    expect(image).toMatch(/^node:(22|24)-bookworm-slim$/);
    expect(finalStage).toMatch(/npm run build|--from=build \/app\/dist/);
    const user = instructions(finalStage, 'USER').pop();
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(finalStage).not.toMatch(/\btsx\b/);
  });

  it("apply the dependencies' patches in the build: patches/ is in place before npm ci runs the postinstall", () => {
    const buildStage = dockerfile.split(/^FROM /m)[1]!;
    const copyPatches = buildStage.search(/^COPY patches \.\/patches$/m);
    const install = buildStage.search(/^RUN npm ci\b/m);
    expect(copyPatches).toBeGreaterThan(-1);
    expect(install).toBeGreaterThan(copyPatches);
    const { scripts, dependencies } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    // --error-on-fail: a patch that no longer applies fails the install everywhere, not only on CI.
    expect(scripts.postinstall).toBe('patch-package --error-on-fail');
    // Not a dev dependency: an install without them still applies the patches.
    expect(dependencies['patch-package']).toBeDefined();
    expect(readdirSync('patches').filter((name) => name.endsWith('.patch')).length).toBeGreaterThan(0);
  });

  it('start the services only after a successful load, and the gateway after healthy subgraphs', () => {
    expect(compose.services.load?.restart).toBe('no');
    for (const [name, service] of ownServices) {
      if (name === 'load' || name === 'api-key' || name === 'gateway') continue;
      expect({ name, load: service.depends_on?.load?.condition }).toEqual({
        name,
        load: 'service_completed_successfully',
      });
    }
    const gatewayNeeds = compose.services.gateway?.depends_on ?? {};
    const subgraphs = ownServices
      .map(([name]) => name)
      .filter((name) => name === 'national' || name.startsWith('regional'));
    for (const name of subgraphs)
      expect({ name, condition: gatewayNeeds[name]?.condition }).toEqual({ name, condition: 'service_healthy' });
  });

  it('keep the subgraph secret out of the file: interpolated from the environment or an .env file', () => {
    for (const [name, service] of ownServices) {
      const secret = service.environment?.SUBGRAPH_SECRET;
      if (secret !== undefined)
        expect({ name, secret }).toEqual({ name, secret: expect.stringMatching(/^\$\{SUBGRAPH_SECRET:\?/) });
    }
    expect(readFileSync('.dockerignore', 'utf8')).toMatch(/^\.env$/m);
  });
});
