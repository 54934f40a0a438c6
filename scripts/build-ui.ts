import { writeFileSync } from 'node:fs';
import { buildUiAssets, generatedPath, renderAssetsModule } from './uiBuild';

/** `npx tsx scripts/build-ui.ts` (from the repository root) after changing ui/; a unit test fails while the module is stale. */
const assets = await buildUiAssets();
writeFileSync(generatedPath(), renderAssetsModule(assets));
const total = Object.values(assets).reduce((sum, body) => sum + Buffer.byteLength(body), 0);
console.log(`wrote ${generatedPath()} (${(total / 1024).toFixed(1)} KB of assets)`);
