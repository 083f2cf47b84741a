// The IDE in the browser: GraphiQL 5 (Monaco editors) with the Explorer plugin, the analysts' example tabs,
// the credential bar and "Unduh CSV". Bundled by the gateway with esbuild (ide-bundle.ts); the page passes its
// settings as a JSON data block, since the CSP allows no inline script.
import { explorerPlugin } from '@graphiql/plugin-explorer';
import '@graphiql/plugin-explorer/style.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/style.css';
import { useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import '../graphiql-page.css';
import { connectCredentialBar, type CredentialBar } from './credential-bar.ts';
import { CsvDownloadButton } from './csv-download.tsx';
import { setUpMonacoWorkers } from './monaco-workers.ts';
import { giveStyleElementsNonce } from './style-nonce.ts';

type Fetcher = GraphiQLProps['fetcher'];

/** What graphiql-page.ts writes into <script type="application/json" id="graphiql-config">. */
interface IdeConfig {
  graphqlPath: string;
  styleNonce?: string;
  defaultQuery: string;
  defaultTabs: { query: string }[];
}

const config = JSON.parse(document.getElementById('graphiql-config')?.textContent ?? '{}') as IdeConfig;
giveStyleElementsNonce(config.styleNonce);
setUpMonacoWorkers(new URL('graphiql/', location.href));
const graphqlUrl = new URL(config.graphqlPath, location.href).href;

/** GraphQL over HTTP with the credential; the headers editor's headers go along (GraphiQL passes them in). */
function createFetcher(credentialBar: CredentialBar): Fetcher {
  return async (params, options) => {
    const response = await credentialBar.fetch(graphqlUrl, {
      method: 'POST',
      headers: {
        ...options?.headers,
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify(params),
    });
    return response.json();
  };
}

// Built once: a new plugin list on a render makes GraphiQL set its plugins again, which empties the Explorer.
const plugins = [explorerPlugin({ showAttribution: false })];

/**
 * The line under the result saying what became of the last download. Held outside React's state so that a new
 * message re-renders this line only, never GraphiQL.
 */
const downloadStatus = {
  message: '',
  listeners: new Set<() => void>(),
  set(message: string): void {
    downloadStatus.message = message;
    for (const listener of downloadStatus.listeners) listener();
  },
  subscribe(listener: () => void): () => void {
    downloadStatus.listeners.add(listener);
    return () => downloadStatus.listeners.delete(listener);
  },
};

function DownloadStatus() {
  const message = useSyncExternalStore(downloadStatus.subscribe, () => downloadStatus.message);
  return (
    <p id="download-status" className="download-status" role="status" aria-live="polite">
      {message}
    </p>
  );
}

function Ide({ fetcher, credentialBar }: { fetcher: Fetcher; credentialBar: CredentialBar }) {
  return (
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      defaultQuery={config.defaultQuery}
      defaultTabs={config.defaultTabs}
      defaultEditorToolsVisibility
    >
      <GraphiQL.Toolbar>
        {({ prettify, merge, copy }) => (
          <>
            {prettify}
            {merge}
            {copy}
            <CsvDownloadButton graphqlUrl={graphqlUrl} fetch={credentialBar.fetch} onStatus={downloadStatus.set} />
          </>
        )}
      </GraphiQL.Toolbar>
      <GraphiQL.Footer>
        <DownloadStatus />
      </GraphiQL.Footer>
    </GraphiQL>
  );
}

const container = document.getElementById('graphiql');
if (!container) throw new Error('Expected the IDE page to have an element #graphiql');
const root = createRoot(container);
let mounts = 0;

/** A new credential remounts GraphiQL, so that the schema is fetched again with it; the tabs stay (localStorage). */
function render(): void {
  mounts += 1;
  root.render(<Ide key={mounts} fetcher={fetcher} credentialBar={credentialBar} />);
}

const credentialBar = connectCredentialBar(render);
const fetcher = createFetcher(credentialBar);
render();
