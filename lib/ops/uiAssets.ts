import { UI_ASSETS } from './uiAssets.generated';

/**
 * The dashboard's Content-Security-Policy: its own script and stylesheet only, no inline code,
 * data only from this origin's API, never framed.
 */
export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface UiAsset {
  type: string;
  etag: string;
  body: string;
}

/** A dashboard file by name (`index.html` for the page itself); undefined for anything else. */
export const uiAsset = (name: string): UiAsset | undefined => (Object.hasOwn(UI_ASSETS, name) ? UI_ASSETS[name] : undefined);

/** Headers every dashboard file is served with. Revalidated each time (ETag), so a deploy shows at once. */
export const uiHeaders = (asset: UiAsset): Record<string, string> => ({
  'content-type': asset.type,
  'content-security-policy': UI_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
  etag: asset.etag,
});
