// The IDE in the browser: GraphiQL 5 (Monaco editors) with the Explorer plugin, the analysts' example tabs,
// the credential bar and "Unduh CSV". Bundled by the gateway with esbuild (ide-bundle.ts); the page passes its
// settings as a JSON data block, since the CSP allows no inline script.
import { explorerPlugin } from '@graphiql/plugin-explorer';
import '@graphiql/plugin-explorer/style.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/style.css';
import { useState } from 'react';
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
      headers: { ...options?.headers, 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify(params),
    });
    return response.json();
  };
}

// Built once: a new plugin object on every render would make GraphiQL treat it as another plugin.
const explorer = explorerPlugin({ showAttribution: false });

function Ide({ fetcher, credentialBar }: { fetcher: Fetcher; credentialBar: CredentialBar }) {
  const [downloadStatus, setDownloadStatus] = useState('');
  return (
    <GraphiQL fetcher={fetcher} plugins={[explorer]} defaultQuery={config.defaultQuery} defaultTabs={config.defaultTabs} defaultEditorToolsVisibility>
      <GraphiQL.Toolbar>
        {({ prettify, merge, copy }) => (
          <>
            {prettify}
            {merge}
            {copy}
            <CsvDownloadButton graphqlUrl={graphqlUrl} fetch={credentialBar.fetch} onStatus={setDownloadStatus} />
          </>
        )}
      </GraphiQL.Toolbar>
      <GraphiQL.Footer>
        <p id="download-status" className="download-status" role="status" aria-live="polite">
          {downloadStatus}
        </p>
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
