import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

// PostgreSQL accepts a password already in its stored SCRAM-SHA-256 form (RFC 5802, RFC 7677;
// the format is PostgreSQL's pg_authid.rolpassword). Handing it that instead of the password means
// the plaintext never reaches the server, so no statement log or error report can show it.
const ITERATIONS = 4096;

/** Our passwords are generated base64url, so SASLprep leaves them unchanged. */
export function scramVerifier(password: string, salt = randomBytes(16)): string {
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  const b64 = (bytes: Buffer) => bytes.toString('base64');
  return `SCRAM-SHA-256$${ITERATIONS}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}
