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

export function hardenSession(session: Session, rendererUrl: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    });
  });
  // The camera (door QR scanning) is the one permission, and only for our own renderer.
  session.setPermissionRequestHandler((contents, permission, grant) => {
    grant(permission === 'media' && isRendererUrl(contents.getURL(), rendererUrl));
  });
  session.setPermissionCheckHandler(
    (_contents, permission, origin) => permission === 'media' && isRendererUrl(origin, rendererUrl),
  );
}
