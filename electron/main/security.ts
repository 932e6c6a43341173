import type { Session } from 'electron';
import { isRendererUrl } from './ipc';

/** Only our own files and scripts; no remote content at all. `data:`/`blob:` images for QR codes. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `npm run dev` only: the dev server injects inline module scripts (React Refresh's preamble),
 * which `script-src 'self'` blocks, leaving a blank window. electron.vite.config.ts gives every
 * script the dev server serves a nonce made for that run (Vite's `html.cspNonce`) and passes it
 * to main in USHER_DEV_CSP_NONCE; that one nonce is allowed, nothing else is loosened.
 */
export function withScriptNonce(policy: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(nonce)) throw new Error('A CSP nonce must be base64');
  return policy.replace("script-src 'self'", `script-src 'self' 'nonce-${nonce}'`);
}

/** The policy main sends with every response: the packaged one unless the dev server runs. */
export function rendererContentSecurityPolicy(dev: { nonce?: string } | null): string {
  return dev?.nonce ? withScriptNonce(contentSecurityPolicy, dev.nonce) : contentSecurityPolicy;
}

type Headers = Record<string, string | string[]>;

/** The response headers with our policy in place of any the response brought. */
export function withContentSecurityPolicy(headers: Headers | undefined, policy: string): Headers {
  const kept = Object.entries(headers ?? {}).filter(
    ([name]) => name.toLowerCase() !== 'content-security-policy',
  );
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [policy] };
}

/** The slices of Electron's permission handler details that the decisions read. */
export interface MediaRequestDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaTypes?: ('video' | 'audio')[];
}
export interface PermissionCheckDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaType?: 'video' | 'audio' | 'unknown';
}

/**
 * The camera (door QR scanning) is the one permission: video only, never the microphone, and
 * only for our renderer's own page in its main frame. Decided on the requesting URL: for a
 * file:// page Chromium gives the origin as "file:///", which names no page at all.
 */
export function allowPermissionRequest(
  permission: string,
  details: MediaRequestDetails,
  rendererUrl: string,
): boolean {
  const types = details.mediaTypes ?? [];
  return (
    permission === 'media' &&
    types.length > 0 &&
    types.every((type) => type === 'video') &&
    details.isMainFrame === true &&
    isRendererUrl(details.requestingUrl ?? '', rendererUrl)
  );
}

export function allowPermissionCheck(
  permission: string,
  details: PermissionCheckDetails,
  rendererUrl: string,
): boolean {
  return (
    permission === 'media' &&
    details.mediaType === 'video' &&
    details.isMainFrame === true &&
    isRendererUrl(details.requestingUrl ?? '', rendererUrl)
  );
}

export function hardenSession(session: Session, rendererUrl: string, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  session.setPermissionRequestHandler((_contents, permission, grant, details) => {
    grant(allowPermissionRequest(permission, details, rendererUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    allowPermissionCheck(permission, details, rendererUrl),
  );
}
