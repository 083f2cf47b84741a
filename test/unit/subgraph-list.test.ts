import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { parseSubgraphList } from '../../shared/federation/subgraph-list.ts';

const listFile = (entries: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'subgraphs-')), 'subgraphs.json');
  writeFileSync(file, JSON.stringify(entries));
  return file;
};

describe('SUBGRAPHS_FILE, the list of other teams’ subgraphs', () => {
  it('adds a subgraph by URL and one sharded by region beside REGION_URLS', () => {
    const config = readGatewayConfig({
      REGION_URLS: 'vi=http://127.0.0.1:4106/graphql',
      SUBGRAPHS_FILE: listFile([
        { name: 'reviews', url: 'http://127.0.0.1:4400/graphql' },
        {
          name: 'training',
          schemaFile: 'training.graphql',
          regionUrls: { vi: 'http://127.0.0.1:4306/graphql', XII: 'http://127.0.0.1:4312/graphql' },
        },
      ]),
    });
    expect(config.subgraphUrls).toEqual({ reviews: 'http://127.0.0.1:4400/graphql' });
    expect([...config.shardedSubgraphs.keys()]).toEqual(['regional', 'training']);
    expect(config.shardedSubgraphs.get('regional')!.regionUrls).toEqual(
      new Map([['VI', 'http://127.0.0.1:4106/graphql']]),
    );
    const training = config.shardedSubgraphs.get('training')!;
    expect([...training.regionUrls.keys()]).toEqual(['VI', 'XII']);
    expect(training.regionKey).toEqual({ fieldByType: { Region: 'code' }, defaultField: 'regionCode' });
  });

  it('fails naming the file, the entry and what it expected', () => {
    expect(() =>
      readGatewayConfig({
        NATIONAL_URL: 'http://127.0.0.1:4001/graphql',
        SUBGRAPHS_FILE: listFile([{ name: 'national', url: 'http://x.test/' }]),
      }),
    ).toThrow(
      'SUBGRAPHS_FILE: subgraph "national" is configured already (NATIONAL_URL, SUBGRAPH_URLS or SHARDED_SUBGRAPH)',
    );
    expect(() => readGatewayConfig({ SUBGRAPHS_FILE: '/nonexistent/subgraphs.json' })).toThrow(
      'SUBGRAPHS_FILE: cannot read "/nonexistent/subgraphs.json"',
    );
    const parse = (entries: unknown) => () => parseSubgraphList(JSON.stringify(entries), 'list.json', '/teams');
    expect(parse([{ name: 'training' }])).toThrow(
      'list.json: at 0: expected "url", or "regionUrls" for a subgraph sharded by region',
    );
    expect(parse([{ name: 'two words', url: 'http://x.test/' }])).toThrow(/list.json: at 0.name: expected letters/);
    expect(parse([{ name: 'a', url: 'http://x.test/', regionUrl: {} }])).toThrow(/list.json: at 0: Unrecognized key/);
    expect(
      parse([
        { name: 'a', url: 'http://x.test/' },
        { name: 'a', url: 'http://y.test/' },
      ]),
    ).toThrow('list.json: subgraph "a" is listed twice');
    expect(parse([{ name: 'a', url: 'http://x.test/', schemaFile: 'a.graphql' }])()[0]!.schemaFile).toBe(
      '/teams/a.graphql',
    );
  });
});
