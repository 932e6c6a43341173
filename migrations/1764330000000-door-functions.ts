import type { MigrationInterface, QueryRunner } from 'typeorm';

// Check-ins and undos are written only through these SECURITY DEFINER functions: a door desktop's
// login no longer inserts or updates check_ins, nor updates events, at all (team-init.ts). Each
// function checks for itself what the upload path decided: the uploader's session is live, each
// event is open to that person (electron/core/checkins: door staff published events, organizers
// their own), each registration or check-in belongs to its event, and each item is credited to the
// uploader or to staff whose scan key signed it (electron/core/auth/scan-key.ts). The check-in
// counter is kept here from what was actually written, so no desktop writes it.
const functions = [
  'usher_door_undo(bytea, text[], text[], text[], text[], uuid[], text[])',
  'usher_door_check_in(bytea, text, text[], uuid[], text[], text[], text[], uuid[], text[], text[])',
  'usher_lock_events(uuid[])',
  'usher_checks_in_at(users, events)',
  'usher_uploader(bytea)',
  'usher_scan_proof_valid(text, uuid, text, text, text, text, text)',
  'usher_base64url(bytea)',
];

export class DoorFunctions1764330000000 implements MigrationInterface {
  name = 'DoorFunctions1764330000000';

  async up(db: QueryRunner): Promise<void> {
    // hmac(): a trusted extension, so the database's owner may create it.
    await db.query('create extension if not exists pgcrypto');

    // Node's 'base64url': no padding, no line breaks.
    await db.query(`
      create function usher_base64url(data bytea) returns text
        language sql immutable set search_path = public, pg_temp as $$
        select rtrim(translate(encode(data, 'base64'), E'+/\\n', '-_'), '=')
      $$`);

    // Whether a staff proof (`<key id>.<mac>`) signs these fields, exactly as the device sent
    // them, with a live key of that enabled staff member.
    await db.query(`
      create function usher_scan_proof_valid(proof text, staff uuid, kind text, nonce text,
                                             event_id text, target text, at text)
        returns boolean
        language sql stable security definer set search_path = public, pg_temp as $$
        select exists (
          select 1 from staff_scan_keys k join users u on u.id = k.user_id
           where k.key_id = split_part(proof, '.', 1) and k.user_id = staff
             and k.expires_at > now() and not u.disabled
             and u.role in ('door', 'organizer', 'admin')
             and proof = k.key_id || '.' || usher_base64url(hmac(
                   convert_to(concat_ws(E'\\n', kind, nonce, event_id, target, at), 'UTF8'),
                   k.scan_key, 'sha256')))
      $$`);

    // The account whose live session uploads (null if none), and whether it may check people in
    // at an event: the rule of shared/access.ts seesAttendees.
    await db.query(`
      create function usher_uploader(token_hash bytea) returns users
        language plpgsql stable security definer set search_path = public, pg_temp as $$
        declare
          uploader users;
        begin
          select u.* into uploader from users u where u.id = usher_session_user(token_hash);
          if uploader.id is null then
            raise exception 'sign in again to upload check-ins' using errcode = '42501';
          end if;
          return uploader;
        end $$`);
    await db.query(`
      create function usher_checks_in_at(uploader users, event events) returns boolean
        language sql immutable set search_path = public, pg_temp as $$
        select coalesce(case uploader.role
          when 'door' then event.status = 'published'
          when 'organizer' then event.created_by = uploader.id
          when 'admin' then true
          else false end, false)
      $$`);

    // The upload's event lock (every writer of an event's registrations takes it first too),
    // returning what the decision needs; a door desktop locks and sees published events only.
    await db.query(`
      create function usher_lock_events(event_ids uuid[])
        returns table (id uuid, status text, created_by uuid)
        language sql volatile security definer set search_path = public, pg_temp as $$
        select e.id, e.status, e.created_by from events e
         where e.id = any(event_ids)
           and (e.status = 'published' or usher_desktop_kind() <> 'door')
         order by e.id
           for no key update
      $$`);

    // Items arrive as parallel arrays, in decision order; times and ids as text, exactly as
    // signed. A refused item refuses the whole call: the app decides the same way first, so only
    // a desktop speaking for itself gets here.
    await db.query(`
      create function usher_door_check_in(
        uploader_token_hash bytea, device text, nonces text[], registration_ids uuid[],
        event_ids text[], scanned_ats text[], forced_reasons text[], staff_ids uuid[],
        proofs text[], targets text[]) returns void
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        declare
          uploader users := usher_uploader(uploader_token_hash);
          refused integer;
        begin
          select count(*) into refused
            from unnest(nonces, registration_ids, event_ids, scanned_ats, staff_ids, proofs, targets)
                 as v(nonce, registration_id, event_id, scanned_at, staff_id, proof, target)
            left join events e on e.id = v.event_id::uuid
            left join event_registrations r on r.id = v.registration_id and r.event_id = e.id
           where r.id is null
              or not usher_checks_in_at(uploader, e)
              or (v.staff_id is distinct from uploader.id
                  and not usher_scan_proof_valid(v.proof, v.staff_id, 'checkIn', v.nonce,
                                                 v.event_id, v.target, v.scanned_at));
          if refused > 0 then
            raise exception '% check-in(s) refused: event not open, registration of another event or staff not proven', refused
              using errcode = '42501';
          end if;
          -- The counter moves by the registrations that had no standing check-in before (the
          -- CTE's subquery still sees the table as it was).
          with written as (
            insert into check_ins (nonce, registration_id, event_id, scanned_at, forced,
                                   forced_reason, device_id, staff_user_id)
            select v.nonce::uuid, v.registration_id, v.event_id::uuid, v.scanned_at::timestamptz,
                   v.forced_reason is not null, v.forced_reason, device, v.staff_id
              from unnest(nonces, registration_ids, event_ids, scanned_ats, forced_reasons, staff_ids)
                   with ordinality as v(nonce, registration_id, event_id, scanned_at, forced_reason,
                                        staff_id, ord)
             order by v.ord
            on conflict (nonce) do nothing
            returning registration_id, event_id
          ), gained as (
            select distinct w.registration_id, w.event_id from written w
             where not exists (select 1 from check_ins c
                                where c.registration_id = w.registration_id and c.reverted_at is null)
          )
          update events e set checked_in_count = e.checked_in_count + g.n
            from (select event_id, count(*)::int as n from gained group by event_id) g
           where e.id = g.event_id;
        end $$`);

    await db.query(`
      create function usher_door_undo(
        uploader_token_hash bytea, nonces text[], check_in_nonces text[], event_ids text[],
        reverted_ats text[], staff_ids uuid[], proofs text[]) returns void
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        declare
          uploader users := usher_uploader(uploader_token_hash);
          refused integer;
        begin
          select count(*) into refused
            from unnest(nonces, check_in_nonces, event_ids, reverted_ats, staff_ids, proofs)
                 as v(nonce, target, event_id, reverted_at, staff_id, proof)
            left join events e on e.id = v.event_id::uuid
            left join check_ins c on c.nonce = v.target::uuid and c.event_id = e.id
           where c.nonce is null
              or not usher_checks_in_at(uploader, e)
              or (v.staff_id is distinct from uploader.id
                  and not usher_scan_proof_valid(v.proof, v.staff_id, 'revert', v.nonce,
                                                 v.event_id, v.target, v.reverted_at));
          if refused > 0 then
            raise exception '% undo(s) refused: event not open, check-in of another event or staff not proven', refused
              using errcode = '42501';
          end if;
          -- The counter moves by the registrations left with no standing check-in.
          with undone as (
            update check_ins c set reverted_at = v.reverted_at::timestamptz,
                   revert_nonce = v.nonce::uuid
              from unnest(nonces, check_in_nonces, reverted_ats) as v(nonce, target, reverted_at)
             where c.nonce = v.target::uuid and c.reverted_at is null
            returning c.registration_id, c.event_id, c.nonce
          ), lost as (
            select distinct u.registration_id, u.event_id from undone u
             where not exists (select 1 from check_ins c
                                where c.registration_id = u.registration_id and c.reverted_at is null
                                  and c.nonce not in (select nonce from undone))
          )
          update events e set checked_in_count = e.checked_in_count - l.n
            from (select event_id, count(*)::int as n from lost group by event_id) l
           where e.id = l.event_id;
        end $$`);

    // New functions may be called by PUBLIC until revoked; team-init.ts grants them to desktops.
    for (const fn of functions) await db.query(`revoke all on function ${fn} from public`);

    // The door no longer writes the counter, so nothing is left for this trigger to correct.
    await db.query('drop trigger if exists events_door_counter_check on events');
    await db.query('drop function if exists usher_door_counter_check()');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const fn of functions) await db.query(`drop function if exists ${fn}`);
  }
}
