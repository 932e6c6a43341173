// PostgreSQL refuses a login it does not know, may not log in, or whose password is wrong.
const LOGIN_REFUSED = new Set(['28000', '28P01']);

/** A revoked desktop's start-up says why in plain words, not "role does not exist". */
export function explainLoginFailure(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && LOGIN_REFUSED.has(code)) {
    return new Error(
      "The team database refused this desktop's login: an admin removed this desktop from the " +
        'team, or its password is wrong. Ask an admin to enroll it again, then use Settings → ' +
        `Join a team. (${(error as Error).message})`,
    );
  }
  return error;
}
