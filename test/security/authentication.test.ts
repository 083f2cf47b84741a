import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../gateway/auth/api-key-file.ts';
import { readGatewayConfig } from '../../gateway/config.ts';
import { startGraphCluster, type GraphCluster } from '../support/graph-cluster.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const ISSUER = 'https://login.bkn.test/realms/analysts';
const AUDIENCE = 'bkn-workplan-graph';
const QUERY =
  '{ compareIndicator(indicator: "IKU-09", regions: ["VI"], years: [2021]) { rows { region { code } year target } } }';
const EXPORT_PATH = '/export/indicators.csv?indicators=IKU-09&regions=VI&years=2021';
const BI_ORIGIN = 'https://bi.bkn.test';

type KeyPair = { publicKey: CryptoKey; privateKey: CryptoKey };

interface Answer {
  status: number;
  headers: Headers;
  body: any;
  /** The x-request-id the request carried, which the gateway forwards to every subgraph it calls for it. */
  requestId: string;
}

/** Subgraph requests made for one client request; set once the cluster runs. */
let subgraphRequestsFor: (requestId: string) => number = () => Number.NaN;
let requestCount = 0;

async function post(baseUrl: string, headers: Record<string, string> = {}, query = QUERY): Promise<Answer> {
  requestCount += 1;
  const requestId = `auth-test-${requestCount}`;
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: await response.json(), requestId };
}

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/** A token as an OIDC provider would issue it; each option breaks one thing. */
async function token(
  claims: JWTPayload,
  options: {
    key?: CryptoKey | Uint8Array;
    alg?: string;
    kid?: string;
    issuer?: string;
    audience?: string;
    expiresAt?: number | null;
    notBefore?: number;
  } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'RS256', ...(options.kid ? { kid: options.kid } : {}) })
    .setSubject('analyst@bkn.go.id')
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(now - 60);
  if (options.expiresAt !== null) jwt.setExpirationTime(options.expiresAt ?? now + 300);
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(options.key!);
}

function expectUnauthenticated(answer: Answer, reason: RegExp, credential?: string): void {
  expect(answer.status).toBe(401);
  expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="bkn-gateway", error="invalid_token"$/);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  expect(answer.body.errors[0].message).toMatch(reason);
  if (credential) expect(JSON.stringify(answer.body)).not.toContain(credential);
  expect(subgraphRequestsFor(answer.requestId)).toBe(0);
}

function expectData(answer: Answer): void {
  expect(answer.body.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(answer.body.data.compareIndicator.rows).toEqual([{ region: { code: 'VI' }, year: 2021, target: 77 }]);
}

describe('authentication at the gateway, over real subgraphs (PGlite)', () => {
  let database: TestDatabase;
  let cluster: GraphCluster;
  let directory: string;
  let apiKeysFile: string;
  let jwksServer: Server;
  let rsa: KeyPair;
  let foreign: KeyPair;
  let ec: KeyPair;
  /** AUTH_MODE=required, JWTs checked against a PEM public key, API keys; the response cache on. */
  let requiredUrl: string;
  /** AUTH_MODE=required, JWTs checked against a JWKS served over HTTP. */
  let jwksGatewayUrl: string;
  /** AUTH_MODE=optional, the same key and API keys; the response cache on; CORS for one origin. */
  let optionalUrl: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    cluster = await startGraphCluster(database, ['VI']);
    subgraphRequestsFor = (requestId) => cluster.subgraphRequests(requestId);
    directory = mkdtempSync(join(tmpdir(), 'bkn-auth-'));
    apiKeysFile = join(directory, 'api-keys.json');
    [rsa, foreign, ec] = await Promise.all([
      generateKeyPair('RS256'),
      generateKeyPair('RS256'),
      generateKeyPair('ES256'),
    ]);
    const publicKeyFile = join(directory, 'jwt-public-key.pem');
    writeFileSync(publicKeyFile, await exportSPKI(rsa.publicKey));

    const jwks = JSON.stringify({
      keys: [{ ...(await exportJWK(ec.publicKey)), kid: 'provider-key-1', alg: 'ES256', use: 'sig' }],
    });
    jwksServer = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const jwksPort = (jwksServer.address() as { port: number }).port;

    const common = {
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      API_KEYS_FILE: apiKeysFile,
      RESPONSE_CACHE_TTL_SECONDS: '60',
      DATA_VERSION_POLL_MS: '500',
    };
    requiredUrl = (
      await cluster.startGateway({ ...common, AUTH_MODE: 'required', AUTH_JWT_PUBLIC_KEY_FILE: publicKeyFile })
    ).url;
    jwksGatewayUrl = (
      await cluster.startGateway({
        ...common,
        AUTH_MODE: 'required',
        AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/.well-known/jwks.json`,
      })
    ).url;
    optionalUrl = (
      await cluster.startGateway({
        ...common,
        AUTH_MODE: 'optional',
        AUTH_JWT_PUBLIC_KEY_FILE: publicKeyFile,
        CORS_ORIGINS: BI_ORIGIN,
      })
    ).url;
  });
  afterAll(async () => {
    await cluster?.stop();
    await new Promise((resolve) => jwksServer?.close(resolve));
    await database?.dispose();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  describe('JWT bearer tokens', () => {
    it('answers a valid token with the analyst role with data', async () => {
      expectData(await post(requiredUrl, bearer(await token({ roles: ['analyst'] }, { key: rsa.privateKey }))));
    });

    it('refuses an expired token with 401, saying it expired, without echoing it', async () => {
      const expired = await token(
        { roles: ['analyst'] },
        { key: rsa.privateKey, expiresAt: Math.floor(Date.now() / 1000) - 3600 },
      );
      expectUnauthenticated(await post(requiredUrl, bearer(expired)), /expired at \d{4}-/, expired);
    });

    it('refuses a token that is not valid yet', async () => {
      const early = await token(
        { roles: ['analyst'] },
        { key: rsa.privateKey, notBefore: Math.floor(Date.now() / 1000) + 3600 },
      );
      expectUnauthenticated(await post(requiredUrl, bearer(early)), /not valid yet/, early);
    });

    it('refuses a token signed by another key pair', async () => {
      const forged = await token({ roles: ['analyst'] }, { key: foreign.privateKey });
      expectUnauthenticated(await post(requiredUrl, bearer(forged)), /signature does not verify/, forged);
    });

    it('refuses a token for another audience, and one from another issuer', async () => {
      const otherAudience = await token({ roles: ['analyst'] }, { key: rsa.privateKey, audience: 'some-other-api' });
      expectUnauthenticated(
        await post(requiredUrl, bearer(otherAudience)),
        /audience "some-other-api" does not include this gateway/,
        otherAudience,
      );
      const otherIssuer = await token({ roles: ['analyst'] }, { key: rsa.privateKey, issuer: 'https://evil.test/' });
      expectUnauthenticated(
        await post(requiredUrl, bearer(otherIssuer)),
        /issuer "https:\/\/evil.test\/" is not the expected/,
        otherIssuer,
      );
    });

    it('refuses a token without exp', async () => {
      const endless = await token({ roles: ['analyst'] }, { key: rsa.privateKey, expiresAt: null });
      expectUnauthenticated(await post(requiredUrl, bearer(endless)), /no "exp" claim/, endless);
    });

    it('refuses malformed tokens, alg none and a token signed with HS256 using the public key as secret', async () => {
      for (const malformed of ['not-a-jwt', 'a.b.c', 'header.payload']) {
        expectUnauthenticated(await post(requiredUrl, bearer(malformed)), /malformed/);
      }
      const unsigned = new UnsecuredJWT({ roles: ['analyst'] })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .encode();
      expectUnauthenticated(await post(requiredUrl, bearer(unsigned)), /algorithm is not accepted|malformed/, unsigned);
      const publicPem = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
      const confused = await token({ roles: ['analyst'] }, { key: publicPem, alg: 'HS256' });
      expectUnauthenticated(await post(requiredUrl, bearer(confused)), /algorithm is not accepted/, confused);
    });

    it('answers a valid token without the analyst role with 403 FORBIDDEN, and treats a roles claim that is not a list as no roles', async () => {
      for (const roles of [['viewer'], 'analyst', [['analyst']]]) {
        const answer = await post(requiredUrl, bearer(await token({ roles }, { key: rsa.privateKey })));
        expect(answer.status).toBe(403);
        expect(answer.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
        expect(answer.body.errors[0].extensions.code).toBe('FORBIDDEN');
        expect(answer.body.errors[0].message).toContain('lacks the role "analyst"');
        expect(subgraphRequestsFor(answer.requestId)).toBe(0);
      }
    });

    it('answers a token from an OIDC provider whose keys come from its JWKS over HTTP, and refuses one signed by another key under the same kid', async () => {
      expectData(
        await post(
          jwksGatewayUrl,
          bearer(await token({ roles: ['analyst'] }, { key: ec.privateKey, alg: 'ES256', kid: 'provider-key-1' })),
        ),
      );
      const impostor = (await generateKeyPair('ES256')).privateKey;
      const forged = await token({ roles: ['analyst'] }, { key: impostor, alg: 'ES256', kid: 'provider-key-1' });
      expectUnauthenticated(await post(jwksGatewayUrl, bearer(forged)), /signature does not verify/, forged);
      const rsaToken = await token({ roles: ['analyst'] }, { key: rsa.privateKey, kid: 'provider-key-1' });
      expectUnauthenticated(await post(jwksGatewayUrl, bearer(rsaToken)), /kid|algorithm/, rsaToken);
    });
  });

  it('answers 503, not 401, when the identity provider’s keys cannot be fetched', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = (
      await cluster.startGateway({ AUTH_MODE: 'required', AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks` })
    ).url;
    const answer = await post(
      unreachable,
      bearer(await token({ roles: ['analyst'] }, { key: ec.privateKey, alg: 'ES256', kid: 'provider-key-1' })),
    );
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.body.errors[0].message).toMatch(/identity provider's signing keys could not be fetched/);
    expect(answer.body.errors[0].message).not.toContain('127.0.0.1');
  });

  describe('API keys', () => {
    it('answers a key created by the CLI’s functions, as Bearer or X-API-Key, and refuses it within seconds of its revocation', async () => {
      const { key, record } = createApiKey(apiKeysFile, { name: 'powerbi-jakarta', roles: ['analyst'] });
      expect(key).toMatch(/^bkn_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(readFileSync(apiKeysFile, 'utf8')).not.toContain(key.slice(17));
      // The gateways looked at the file at most a second ago: a new key is seen within that.
      await expect
        .poll(async () => (await post(requiredUrl, bearer(key))).status, { timeout: 5_000, interval: 200 })
        .toBe(200);
      expectData(await post(requiredUrl, bearer(key)));
      expectData(await post(requiredUrl, { 'x-api-key': key }));

      revokeApiKey(apiKeysFile, record.name);
      // Seen by the running gateways, without a restart: the file is looked at again within a second.
      await expect
        .poll(async () => (await post(requiredUrl, bearer(key))).status, { timeout: 5_000, interval: 200 })
        .toBe(401);
      expectUnauthenticated(await post(requiredUrl, bearer(key)), /"powerbi-jakarta" .* was revoked/, key);
      expectUnauthenticated(await post(requiredUrl, { 'x-api-key': key }), /was revoked/, key);
    });

    it('refuses an unknown key, a key with its secret changed, and a key without the analyst role (403)', async () => {
      const unknown = `bkn_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
      expectUnauthenticated(await post(requiredUrl, bearer(unknown)), /Unknown API key/, unknown);
      const { key } = createApiKey(apiKeysFile, { name: 'excel-medan', roles: ['analyst'] });
      const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
      await expect
        .poll(async () => (await post(requiredUrl, bearer(key))).status, { timeout: 5_000, interval: 200 })
        .toBe(200);
      expectUnauthenticated(await post(requiredUrl, bearer(altered)), /Unknown API key/, altered);
      const { key: roleless } = createApiKey(apiKeysFile, { name: 'script-without-role', roles: [] });
      await expect
        .poll(async () => (await post(requiredUrl, bearer(roleless))).status, { timeout: 5_000, interval: 200 })
        .toBe(403);
    });

    it('the CLI prints a key once, stores it readable by its owner only, and lists keys without secrets', () => {
      const file = join(directory, 'cli-keys.json');
      const run = (...args: string[]) =>
        execFileSync('node_modules/.bin/tsx', ['scripts/api-key.ts', ...args, '--file', file], { encoding: 'utf8' });
      const created = run('create', '--name', 'powerbi-bandung', '--roles', 'analyst');
      const key = /^(bkn_\S+)$/m.exec(created)?.[1];
      expect(key).toMatch(/^bkn_[0-9a-f]{12}_/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(readFileSync(file, 'utf8'));
      expect(stored.keys).toEqual([
        expect.objectContaining({ name: 'powerbi-bandung', roles: ['analyst'], revoked: null }),
      ]);
      expect(JSON.stringify(stored)).not.toContain(key!.slice(17));
      const listed = run('list');
      expect(listed).toContain('powerbi-bandung');
      expect(listed).not.toContain(key!.slice(17));
      expect(listed).not.toContain(stored.keys[0].sha256);
      expect(run('revoke', 'powerbi-bandung')).toContain('Revoked "powerbi-bandung"');
      expect(run('list')).toMatch(/powerbi-bandung\troles=analyst\tcreated=\S+\trevoked=/);
    });
  });

  describe('modes', () => {
    it('required: refuses a request without credentials with 401 and a Bearer challenge', async () => {
      const answer = await post(requiredUrl);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="bkn-gateway"');
      expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(answer.body.errors[0].message).toContain('Credentials required');
    });

    it('required: the exports and GET /graphql as CSV ask for credentials too, and answer with them', async () => {
      expect((await fetch(`${requiredUrl}${EXPORT_PATH}`)).status).toBe(401);
      const csvQuery = `${requiredUrl}/graphql?query=${encodeURIComponent('{ regions { code } }')}`;
      expect((await fetch(csvQuery, { headers: { accept: 'text/csv' } })).status).toBe(401);
      const jwt = await token({ roles: ['analyst'] }, { key: rsa.privateKey });
      const exported = await fetch(`${requiredUrl}${EXPORT_PATH}`, { headers: bearer(jwt) });
      expect(exported.status).toBe(200);
      expect(await exported.text()).toMatch(/^IKU-09,.*,VI,.*,2021,7\.a,DOCUMENT,77\.0,/m);
      const csv = await fetch(csvQuery, { headers: { accept: 'text/csv', ...bearer(jwt) } });
      expect(csv.status).toBe(200);
      expect(await csv.text()).toContain('VI');
    });

    it('required: the IDE, the comparison page and their assets open without credentials', async () => {
      for (const path of [
        '/',
        '/compare',
        '/graphiql/ide.js',
        '/graphiql/graphql.worker.js',
        '/compare/compare-page.js',
        '/compare/compare-page.css',
      ]) {
        expect((await fetch(`${requiredUrl}${path}`)).status, path).toBe(200);
      }
    });

    it('optional: answers a request without credentials with data, and refuses bad credentials instead of going anonymous', async () => {
      expectData(await post(optionalUrl));
      const expired = await token(
        { roles: ['analyst'] },
        { key: rsa.privateKey, expiresAt: Math.floor(Date.now() / 1000) - 60 },
      );
      expectUnauthenticated(await post(optionalUrl, bearer(expired)), /expired/, expired);
      expectUnauthenticated(await post(optionalUrl, { 'x-api-key': 'bkn_not-a-key' }), /API key is malformed/);
      expectData(await post(optionalUrl, bearer(await token({ roles: ['analyst'] }, { key: rsa.privateKey }))));
    });

    it('off: every caller reads as anonymous, whatever it sends', async () => {
      expectData(await post(cluster.gatewayUrl));
      expectData(await post(cluster.gatewayUrl, bearer('not-a-jwt')));
    });

    it('marks answers to authenticated callers private (GraphQL and exports), anonymous ones public, and caches them apart', async () => {
      const jwt = await token({ roles: ['analyst'] }, { key: rsa.privateKey });
      // A query no other test sends, so that the first answer of each kind of caller is a miss.
      const query = `query CacheApartProbe ${QUERY}`;
      const anonymous = await post(optionalUrl, {}, query);
      expect(anonymous.headers.get('cache-control')).toMatch(/^max-age=\d+, public$/);
      expect((await post(optionalUrl, {}, query)).headers.get('age'), 'the anonymous answer is cached').not.toBeNull();
      for (const attempt of ['miss', 'hit']) {
        const authenticated = await post(optionalUrl, bearer(jwt), query);
        expectData(authenticated);
        // The caller's roles are part of the cache key: the analyst's first answer is not the anonymous one.
        if (attempt === 'miss') expect(authenticated.headers.get('age'), attempt).toBeNull();
        else expect(authenticated.headers.get('age'), attempt).not.toBeNull();
        expect(authenticated.headers.get('cache-control'), attempt).toMatch(/private/);
        expect(authenticated.headers.get('cache-control'), attempt).not.toMatch(/public/);
      }
      expect((await post(requiredUrl, bearer(jwt))).headers.get('cache-control')).toMatch(/private/);
      expect(anonymous.headers.get('vary')).toMatch(/Authorization/i);
      const exported = await fetch(`${optionalUrl}${EXPORT_PATH}`, { headers: bearer(jwt) });
      expect(exported.headers.get('cache-control')).toMatch(/^private, /);
      expect((await fetch(`${optionalUrl}${EXPORT_PATH}`)).headers.get('cache-control')).toMatch(/public/);
    });
  });

  describe('security headers and CORS', () => {
    it('sends a strict CSP, no framing, nosniff and no referrer on pages and answers', async () => {
      for (const [path, init] of [
        ['/', {}],
        ['/compare', {}],
        [
          '/graphql',
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' },
        ],
      ] as const) {
        const response = await fetch(`${requiredUrl}${path}`, init);
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp, path).toContain("default-src 'self'");
        expect(csp, path).toMatch(/script-src 'self';/);
        // The IDE's editor (Monaco) needs style attributes, and its page alone allows them; nothing else inline.
        if (path === '/') expect(csp, path).toContain("style-src-attr 'unsafe-inline'");
        expect(csp.replace("style-src-attr 'unsafe-inline'", ''), path).not.toContain('unsafe-inline');
        expect(csp, path).toContain("frame-ancestors 'none'");
        expect(csp, path).toContain("object-src 'none'");
        expect(response.headers.get('x-frame-options'), path).toBe('DENY');
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      }
    });

    it('allows no cross-origin caller by default, and only the configured origins with CORS_ORIGINS', async () => {
      const preflight = (baseUrl: string, origin: string) =>
        fetch(`${baseUrl}/graphql`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        });
      expect((await preflight(cluster.gatewayUrl, BI_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
      const allowed = await preflight(optionalUrl, BI_ORIGIN);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(BI_ORIGIN);
      expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      expect((await preflight(optionalUrl, 'https://evil.test')).headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('refuses bad auth configuration naming the variable', () => {
    expect(() => readGatewayConfig({ AUTH_MODE: 'maybe' })).toThrow(
      /AUTH_MODE must be one of off, optional, required; got "maybe"/,
    );
    expect(() =>
      readGatewayConfig({ AUTH_JWT_PUBLIC_KEY_FILE: 'key.pem', AUTH_JWKS_URL: 'https://login.bkn.test/jwks' }),
    ).toThrow(/AUTH_JWT_PUBLIC_KEY_FILE and AUTH_JWKS_URL/);
    expect(() => readGatewayConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => readGatewayConfig({ CORS_ORIGINS: 'https://bi.bkn.test/path' })).toThrow(/CORS_ORIGINS/);
    expect(readGatewayConfig({}).auth.mode).toBe('required');
  });
});
