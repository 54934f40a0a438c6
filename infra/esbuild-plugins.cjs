// esbuild plugins for `serverless package` (serverless-esbuild `plugins`) and `npm run bench`.
const path = require('node:path');

/**
 * zod re-exports all ~50 locales through `z.locales`, so esbuild keeps them (≈ 260 KB minified)
 * although the service only speaks English. Inside zod, `locales/index.js` becomes English only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`)
        ? { path: path.join(__dirname, 'zod-locales-en.mjs') }
        : undefined,
    );
  },
};

module.exports = [zodEnglishOnly];
