/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const usage = `Usage: usher <command> [options]

Commands:
  migrate                         bring the database to this version's schema
  seed [--events N] [--attendees N] [--staff N] [--allow-existing]
                                  add realistic demo data in bulk (signs in as an admin;
                                  on an empty database creates that admin). Prints each
                                  staff account's generated password, once. Refuses a
                                  database that already holds data unless --allow-existing
  call CHANNEL [JSON]             call one channel; prints its result envelope as JSON
  call --batch [--concurrency N]  JSON lines on stdin ({"channel": "...", "input": {...}}),
                                  one envelope per line on stdout, in input order
  export --event ID --format csv|xlsx --out FILE [options]
                                  write an event's attendee list
  import --event ID [--map "COLUMN=TARGET,..."] FILE
                                  register a CSV file's attendees (all or nothing)
  team init                       set a team database up for least privilege (owner only)
  devices add --name N --role R [--json] | list [--json] | revoke ID
                                  enroll, list and revoke desktops (owner only)
  mail-worker                     send queued messages to attendees until stopped

Sign in with --email and --password, or USHER_EMAIL and USHER_PASSWORD.
--verbose also logs routine messages (local mode's database server among them) on stderr.
Connect with DATABASE_URL (and REDIS_URL) for a team server; otherwise Usher's local mode
on this computer (USHER_DATA_DIR overrides the data folder; where its database password is
typed at each start, USHER_LOCAL_DATABASE_PASSWORD or the terminal gives it).`;
