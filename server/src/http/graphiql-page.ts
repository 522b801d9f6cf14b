// What the browser runs for GraphiQL: a small HTML shell and two scripts of our
// own around the GraphiQL bundle of @graphql-yoga/render-graphiql. Nothing in
// the shell is inline code, so the page's Content-Security-Policy can say
// `script-src 'self'`; the options travel as a JSON data block, which browsers
// never execute.

/** Where the assets live; `<id>` changes whenever any of them does (cached for good). */
export const ASSET_PREFIX = '/graphiql/assets/';
/** The same-origin route that hands the demo token to GraphiQL (see graphiql.ts). */
export const DEMO_AUTHORIZATION_PATH = '/graphiql/demo-authorization';
/** The request header the start script sends to that route; a cross-site form cannot send it. */
export const DEMO_AUTHORIZATION_HEADER = 'x-graphql-yoga-csrf';

/** Monaco (GraphiQL's editor) loads its workers from these same-origin files instead of blob: URLs. */
export function monacoPrelude(assetBase: string): string {
  const workers = {
    editorWorkerService: `${assetBase}editor.worker.js`,
    json: `${assetBase}json.worker.js`,
    graphql: `${assetBase}graphql.worker.js`,
  };
  return `self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (moduleId, label) { return ${JSON.stringify(workers)}[label]; } };\n`;
}

// Runs after the bundle (both scripts are `defer`, which keeps their order).
// Headers never reach storage: shouldPersistHeaders is false, and GraphiQL gets
// a storage that drops every header from its tabs, history and favourites
// before they are written (its history records headers whatever that option
// says), and that scrubs what earlier versions of this page left: they
// persisted headers, the demo token included. The demo token, when this
// browser may have it, is fetched from the server instead of being part of the
// page: a copy of the HTML (saved, proxied, cached) never holds it.
export const START_SCRIPT = `(function () {
  'use strict';
  var options = JSON.parse(document.getElementById('graphiql-options').textContent);
  var WITH_HEADERS = ['graphiql:tabState', 'graphiql:queries', 'graphiql:favorites'];
  function withoutHeaders(key, value) {
    if (WITH_HEADERS.indexOf(key) === -1) return value;
    try {
      return JSON.stringify(JSON.parse(value), function (name, inner) { return name === 'headers' ? null : inner; });
    } catch (error) {
      return null;
    }
  }
  function ownKeys() {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key !== null && key.indexOf('graphiql:') === 0) keys.push(key);
    }
    return keys;
  }
  var storage = {
    getItem: function (key) { return localStorage.getItem(key); },
    setItem: function (key, value) {
      var kept = key === 'graphiql:headers' ? null : withoutHeaders(key, value);
      if (kept === null) localStorage.removeItem(key);
      else localStorage.setItem(key, kept);
    },
    removeItem: function (key) { localStorage.removeItem(key); },
    clear: function () { ownKeys().forEach(function (key) { localStorage.removeItem(key); }); },
    get length() { return ownKeys().length; }
  };
  try {
    ownKeys().forEach(function (key) { storage.setItem(key, localStorage.getItem(key)); });
  } catch (error) {
    // Storage may be unavailable (private windows, blocked cookies): GraphiQL copes.
  }
  function start(authorization) {
    var demo = options.demoAuthorization;
    delete options.demoAuthorization;
    if (authorization) {
      options.headers = JSON.stringify({ Authorization: authorization }, null, 2);
      options.initialHeaders = options.headers;
    }
    options.storage = storage;
    // Open on the default query (GraphiQL would open an empty tab once it has stored tabs),
    // unless the address asks for another (GraphiQL keeps the edited query there).
    if (!new URL(location.href).searchParams.get('query')) options.query = options.defaultQuery;
    if (demo && authorization) options.defaultEditorToolsVisibility = 'headers';
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
  }
  if (!options.demoAuthorization) return start(null);
  fetch(${JSON.stringify(DEMO_AUTHORIZATION_PATH)}, {
    headers: { ${JSON.stringify(DEMO_AUTHORIZATION_HEADER)}: 'graphiql' },
    credentials: 'omit',
    cache: 'no-store'
  })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (body) { start(body && typeof body.authorization === 'string' ? body.authorization : null); },
          function () { start(null); });
})();
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element (no `</script>`, no `<!--`). */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function renderShell(title: string, assetBase: string, options: object): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${assetBase}favicon.ico">
<link rel="stylesheet" href="${assetBase}graphiql.css">
<script type="application/json" id="graphiql-options">${jsonForScript(options)}</script>
<script defer src="${assetBase}graphiql.js"></script>
<script defer src="${assetBase}start.js"></script>
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root"></div>
</body>
</html>
`;
}
