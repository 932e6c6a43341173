import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import {
  contentSecurityPolicy,
  hardenSession,
  rendererContentSecurityPolicy,
} from '../../electron/main/security';

type RequestHandler = (
  contents: unknown,
  permission: string,
  grant: (granted: boolean) => void,
  details: Record<string, unknown>,
) => void;
type CheckHandler = (
  contents: unknown,
  permission: string,
  origin: string,
  details: Record<string, unknown>,
) => boolean;
type HeadersHandler = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string | string[]> }) => void,
) => void;

/** A session that keeps the handlers main installs, to call them as Electron would. */
function hardened(rendererUrl: string, policy = contentSecurityPolicy) {
  const installed: { request?: RequestHandler; check?: CheckHandler; headers?: HeadersHandler } =
    {};
  const session = {
    webRequest: { onHeadersReceived: (fn: HeadersHandler) => (installed.headers = fn) },
    setPermissionRequestHandler: (fn: RequestHandler) => (installed.request = fn),
    setPermissionCheckHandler: (fn: CheckHandler) => (installed.check = fn),
  };
  hardenSession(session as unknown as Session, rendererUrl, policy);
  // The page's webContents: our own window, whatever it shows (the decision reads the details).
  const contents = { getURL: () => rendererUrl };
  return {
    request(permission: string, details: Record<string, unknown>): boolean {
      let granted: boolean | undefined;
      installed.request!(contents, permission, (g) => (granted = g), details);
      return granted!;
    },
    check: (permission: string, origin: string, details: Record<string, unknown>) =>
      installed.check!(contents, permission, origin, details),
    headers(responseHeaders: Record<string, string[]>) {
      let result: Record<string, string | string[]> = {};
      installed.headers!({ responseHeaders }, (r) => (result = r.responseHeaders));
      return result;
    },
  };
}

// Argument shapes as Electron documents them (session.setPermissionRequestHandler with a
// MediaAccessPermissionRequest, setPermissionCheckHandler with its details). For a page loaded
// from file:// Chromium passes the origin "file:///" and the page's URL as requestingUrl.
const packaged = 'file:///opt/Usher/resources/app.asar/out/renderer/index.html';
const devServer = 'http://localhost:5173';

const cases = [
  {
    name: 'the packaged app (file://)',
    rendererUrl: packaged,
    origin: 'file:///',
    page: `${packaged}#/door`,
    stranger: 'file:///home/ada/Downloads/evil.html',
  },
  {
    name: 'the dev server',
    rendererUrl: devServer,
    origin: 'http://localhost:5173',
    page: 'http://localhost:5173/#/door',
    stranger: 'http://localhost:8080/',
  },
];

describe.each(cases)('camera permission in $name', ({ rendererUrl, origin, page, stranger }) => {
  const mediaRequest = (mediaTypes: string[], requestingUrl = page, isMainFrame = true) => ({
    requestingUrl,
    isMainFrame,
    mediaTypes,
    securityOrigin: origin,
  });
  const mediaCheck = (mediaType: string, requestingUrl = page, isMainFrame = true) => ({
    requestingUrl,
    isMainFrame,
    mediaType,
    securityOrigin: origin,
  });

  it('grants the camera to our page', () => {
    const session = hardened(rendererUrl);
    expect(session.request('media', mediaRequest(['video']))).toBe(true);
    expect(session.check('media', origin, mediaCheck('video'))).toBe(true);
  });

  it('never grants the microphone, alone or with the camera', () => {
    const session = hardened(rendererUrl);
    expect(session.request('media', mediaRequest(['audio']))).toBe(false);
    expect(session.request('media', mediaRequest(['video', 'audio']))).toBe(false);
    expect(session.request('media', mediaRequest([]))).toBe(false);
    expect(session.check('media', origin, mediaCheck('audio'))).toBe(false);
    expect(session.check('media', origin, mediaCheck('unknown'))).toBe(false);
  });

  it('refuses other pages, frames inside ours, and every other permission', () => {
    const session = hardened(rendererUrl);
    expect(session.request('media', mediaRequest(['video'], stranger))).toBe(false);
    expect(session.request('media', mediaRequest(['video'], page, false))).toBe(false);
    expect(session.check('media', origin, mediaCheck('video', stranger))).toBe(false);
    expect(session.check('media', origin, mediaCheck('video', page, false))).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(session.request(permission, { requestingUrl: page, isMainFrame: true })).toBe(false);
      expect(session.check(permission, origin, { requestingUrl: page, isMainFrame: true })).toBe(
        false,
      );
    }
  });
});

describe('response headers', () => {
  it('replace any policy a response brings with ours', () => {
    const session = hardened(packaged);
    const headers = session.headers({
      'content-security-policy': ["default-src *; script-src 'unsafe-inline'"],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [contentSecurityPolicy],
    });
  });

  it('allow in dev mode only the run’s nonce beyond the packaged policy', () => {
    expect(rendererContentSecurityPolicy(null)).toBe(contentSecurityPolicy);
    expect(rendererContentSecurityPolicy({ nonce: undefined })).toBe(contentSecurityPolicy);
    const dev = rendererContentSecurityPolicy({ nonce: 'abc123_-' });
    expect(dev).toBe(
      contentSecurityPolicy.replace("script-src 'self'", "script-src 'self' 'nonce-abc123_-'"),
    );
    expect(() => rendererContentSecurityPolicy({ nonce: "x' 'unsafe-inline" })).toThrow(/base64/);
  });
});
