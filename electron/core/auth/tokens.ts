import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the bearer token a desktop or the CLI holds for its session. */
export const newSessionToken = () => randomBytes(32).toString('base64url');

/** Only the hash is stored, so a database dump does not hand out live sessions. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest();
