// PostgreSQL refuses a login it does not know, may not log in, or whose password is wrong. For an
// enrolled desktop that means an admin revoked it (or its keychain lost the password).
export const LOGIN_REFUSED_STATES = new Set(['28000', '28P01']);

export const loginRefusedMessage =
  "The team database no longer accepts this desktop's login: an admin removed this desktop from " +
  'the team, or its password is wrong. Ask an admin to enroll it again, then use Settings → ' +
  'Join a team.';

/** A revoked desktop's start-up says why in plain words, not "role does not exist". */
export function explainLoginFailure(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && LOGIN_REFUSED_STATES.has(code)) {
    return new Error(`${loginRefusedMessage} (${(error as Error).message})`);
  }
  return error;
}
