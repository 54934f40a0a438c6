import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export interface BundleFigures {
  fn: string;
  bundleBytes: number;
  zipBytes: number;
  bundledImportMs: number;
  unbundledImportMs: number;
}

const HANDLERS = ['api', 'jobWorker', 'callbackWorker'];
const RUNS = 7;

/** Median time to require a module in a fresh Node process (module scope included: clients, config). */
const coldImportMs = (file: string): number => {
  const load = file.endsWith('.mjs') ? `await import(${JSON.stringify(pathToFileURL(file).href)})` : `require(${JSON.stringify(file)})`;
  const times = Array.from({ length: RUNS }, () => {
    const out = execFileSync(
      process.execPath,
      ['--no-warnings', '--input-type=module', '-e', `import{createRequire}from'node:module';const require=createRequire(import.meta.url);const t=process.hrtime.bigint();${load};console.log(Number(process.hrtime.bigint()-t)/1e6)`],
      // The SDK's Node-20 deprecation warning is not emitted on the nodejs22.x runtime, so it is off here too.
      { env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, encoding: 'utf8' },
    );
    return Number(out.trim());
  }).sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
};

/**
 * Each function as `serverless package` ships it (minified esbuild bundle), against the same
 * handler with its dependencies loaded from node_modules, each imported cold in a fresh process.
 */
export const runBundles = async (): Promise<BundleFigures[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'scq-bundles-'));
  const unbundled = join(process.cwd(), '.bench-tmp', 'unbundled');
  try {
    execFileSync('npx', ['serverless', 'package', '--stage', 'bench', '--package', dir], { stdio: 'pipe' });
    mkdirSync(unbundled, { recursive: true });
    await build({
      entryPoints: HANDLERS.map((h) => `handlers/${h}.ts`),
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: 'node20',
      format: 'esm',
      outExtension: { '.js': '.mjs' },
      outdir: unbundled,
      logLevel: 'error',
    });
    return HANDLERS.map((fn) => {
      const zip = join(dir, `${fn}.zip`);
      const out = join(dir, fn);
      execFileSync('unzip', ['-q', '-o', zip, '-d', out]);
      const entry = readdirSync(join(out, 'handlers')).find((f) => f.endsWith('.js'));
      if (!entry) throw new Error(`no handler in ${zip}`);
      const js = join(out, 'handlers', entry);
      return {
        fn,
        bundleBytes: statSync(js).size,
        zipBytes: statSync(zip).size,
        bundledImportMs: coldImportMs(js),
        unbundledImportMs: coldImportMs(join(unbundled, `${fn}.mjs`)),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(unbundled, { recursive: true, force: true });
  }
};
