// Starts the IDE (GraphiQL, global from graphiql.js) with the example tabs the page carries as JSON, and
// the credential bar: a pasted JWT or API key goes with every request as Authorization: Bearer.
import { readCredential, saveCredential, withCredential } from './credential.js';

const config = JSON.parse(document.getElementById('graphiql-config').textContent);
// GraphiQL's dialogs add a <style> (react-remove-scroll), which takes its nonce from this global.
window.__webpack_nonce__ = config.styleNonce;
const graphqlUrl = new URL(config.graphqlPath, location.href).href;

const form = document.getElementById('credential-form');
const input = document.getElementById('credential');
const status = document.getElementById('credential-status');

function showKept() {
  form.classList.remove('refused');
  status.textContent = readCredential()
    ? 'Sent as Authorization: Bearer with every query; kept in this browser tab only.'
    : 'No token or API key: the gateway answers only if it lets anonymous callers in.';
}

function showRefused(httpStatus, answer) {
  const message = answer?.errors?.[0]?.message;
  form.classList.add('refused');
  status.textContent = httpStatus === 403
    ? `The gateway answered 403 (FORBIDDEN)${message ? `: ${message}` : ''}. Paste a token or API key with the analyst role in the field.`
    : `The gateway answered 401 (UNAUTHENTICATED)${message ? `: ${message}` : ''}. Paste a token or API key in the field “Token or API key”.`;
  input.focus();
}

async function fetchWithCredential(resource, init = {}) {
  const response = await fetch(resource, { ...init, headers: withCredential(init.headers) });
  if (response.status === 401 || response.status === 403) showRefused(response.status, await response.clone().json().catch(() => null));
  else if (form.classList.contains('refused')) showKept();
  return response;
}

const fetcher = GraphiQL.createFetcher({ url: graphqlUrl, fetch: fetchWithCredential });
const root = ReactDOM.createRoot(document.getElementById('graphiql'));
let mounts = 0;

/** A new key remounts GraphiQL, so that the schema is fetched again with the new credential; the tabs stay. */
function render() {
  mounts += 1;
  root.render(
    React.createElement(GraphiQL, {
      key: mounts,
      fetcher,
      defaultQuery: config.defaultQuery,
      defaultTabs: config.defaultTabs,
      defaultEditorToolsVisibility: true,
    }),
  );
}

input.value = readCredential();
form.addEventListener('submit', (event) => {
  event.preventDefault();
  input.value = saveCredential(input.value);
  showKept();
  render();
});
document.getElementById('credential-forget').addEventListener('click', () => {
  input.value = saveCredential('');
  showKept();
  render();
});
showKept();
render();
