import { UI_ASSETS } from '../../lib/ops/uiAssets.generated';
import { UI_CSP, uiAsset } from '../../lib/ops/uiAssets';
import { buildUiAssets, renderAssetsModule } from '../../scripts/uiBuild';

describe('the dashboard’s assets', () => {
  it('are built from ui/ as they are now (run `npx tsx scripts/build-ui.ts` after changing ui/)', async () => {
    // Act
    const built = renderAssetsModule(await buildUiAssets());

    // Assess
    expect(built).toBe(renderAssetsModule(Object.fromEntries(Object.entries(UI_ASSETS).map(([name, asset]) => [name, asset.body]))));
  });

  it('weigh under 200 KB, load no inline script, and are served only by name', () => {
    // Assess
    const total = Object.values(UI_ASSETS).reduce((sum, asset) => sum + Buffer.byteLength(asset.body), 0);
    expect(total).toBeLessThan(200 * 1024);
    expect(UI_ASSETS['index.html'].body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(UI_ASSETS['app.js'].body).not.toMatch(/\.innerHTML\s*=|insertAdjacentHTML|document\.write/);
    expect(UI_CSP).not.toContain('unsafe');
    expect(uiAsset('constructor')).toBeUndefined();
    expect(uiAsset('app.css')?.type).toBe('text/css; charset=utf-8');
  });
});
