// Scripts (tsx) run lib/server code outside Next.js, where the `server-only` marker package would throw: it is
// meant to stop browser bundles, not Node. Preloaded with `--require`, this stands in for it.
const path = require.resolve("server-only", { paths: [process.cwd()] });
require.cache[path] = { id: path, filename: path, loaded: true, exports: {} };
