import type { MigrationInterface, QueryRunner } from 'typeorm';

// The door day in the functions every desktop writes check-ins through (migrations 1764330000000
// and 1764330001000, which have shipped and stay as they are; this one replaces what changed):
// - stewards sign scans like supervisors (usher_scan_proof_valid);
// - door staff check in only at the events they work: every published one, or once an admin
//   limits them the ones they are assigned to (usher_checks_in_at, and through it
//   usher_actor_event_ids, the row-level security of organizer desktops);
// - a check-in names its point and direction (usher_door_check_in takes two more arrays);
// - only the staff member who scanned takes a scan back, a steward only their newest one
//   (usher_door_undo).
const oldCheckIn =
  'usher_door_check_in(bytea, text, text[], uuid[], text[], text[], text[], uuid[], text[], text[])';
const newCheckIn =
  'usher_door_check_in(bytea, text, text[], uuid[], text[], text[], text[], uuid[], text[], text[], uuid[], text[])';

/** Whether a staff proof signs these fields with a live key of enabled staff of these roles. */
const scanProofValid = (roles: string) => `
  create or replace function usher_scan_proof_valid(proof text, staff uuid, kind text, nonce text,
                                                    event_id text, target text, at text)
    returns boolean
    language sql stable security definer set search_path = public, pg_temp as $$
    select exists (
      select 1 from staff_scan_keys k join users u on u.id = k.user_id
       where k.key_id = split_part(proof, '.', 1) and k.user_id = staff
         and k.expires_at > now() and not u.disabled
         and u.role in (${roles})
         and proof = k.key_id || '.' || usher_base64url(hmac(
               convert_to(concat_ws(E'\\n', kind, nonce, event_id, target, at), 'UTF8'),
               k.scan_key, 'sha256')))
  $$`;

/** The undo function; `stewardRule` adds to the refusals (empty: main's rule as shipped). */
const doorUndo = (stewardRule: string) => `
  create or replace function usher_door_undo(
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
        left join users s on s.id = v.staff_id
       where c.nonce is null
          or not usher_checks_in_at(uploader, e)
          ${stewardRule}
          or (v.staff_id is distinct from uploader.id
              and not usher_scan_proof_valid(v.proof, v.staff_id, 'revert', v.nonce,
                                             v.event_id, v.target, v.reverted_at));
      if refused > 0 then
        raise exception '% undo(s) refused: event not open, check-in of another event or staff, a steward''s older scan, or staff not proven', refused
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
    end $$`;

// Only the staff member who scanned takes a scan back; a steward only their newest scan
// (reverted or not) up to the undo: electron/core/checkins/decide.ts, door-staff/steward-limits.ts.
const stewardUndoRule = `
          or c.staff_user_id is distinct from v.staff_id
          or (s.role = 'steward' and exists (
                select 1 from check_ins n
                 where n.staff_user_id = s.id and n.nonce <> c.nonce
                   and n.scanned_at <= v.reverted_at::timestamptz
                   and (n.scanned_at, n.seq) > (c.scanned_at, c.seq)))`;

export class DoorDayFunctions1764360002000 implements MigrationInterface {
  name = 'DoorDayFunctions1764360002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(scanProofValid(`'steward', 'door', 'organizer', 'admin'`));

    // The rule of shared/access.ts seesAttendees, and for door staff (supervisors and stewards)
    // the events they work (electron/core/door-staff/assignment.ts). It reads tables now, so it is
    // stable rather than immutable.
    await db.query(`
      create or replace function usher_checks_in_at(uploader users, event events) returns boolean
        language sql stable set search_path = public, pg_temp as $$
        select coalesce(case
          when uploader.role in ('door', 'steward') then event.status = 'published'
               and (uploader.all_events
                    or exists (select 1 from event_door_staff w
                                where w.event_id = event.id and w.user_id = uploader.id))
          when uploader.role = 'organizer' then event.created_by = uploader.id
          when uploader.role = 'admin' then true
          else false end, false)
      $$`);

    // The events whose attendees the acting staff member sees: the door functions' rule.
    await db.query(`
      create or replace function usher_actor_event_ids() returns setof uuid
        language sql stable security definer set search_path = public, pg_temp as $$
        select e.id from events e, users u
         where u.id = (select a.id from usher_actor() a) and usher_checks_in_at(u, e)
      $$`);

    // Items arrive as parallel arrays, in decision order; times and ids as text, exactly as
    // signed. A refused item refuses the whole call: the app decides the same way first, so only
    // a desktop speaking for itself gets here.
    await db.query(`drop function ${oldCheckIn}`);
    await db.query(`
      create function usher_door_check_in(
        uploader_token_hash bytea, device text, nonces text[], registration_ids uuid[],
        event_ids text[], scanned_ats text[], forced_reasons text[], staff_ids uuid[],
        proofs text[], targets text[], point_ids uuid[], directions text[]) returns void
        language plpgsql volatile security definer set search_path = public, pg_temp as $$
        declare
          uploader users := usher_uploader(uploader_token_hash);
          refused integer;
        begin
          select count(*) into refused
            from unnest(nonces, registration_ids, event_ids, scanned_ats, staff_ids, proofs, targets,
                        point_ids, directions)
                 as v(nonce, registration_id, event_id, scanned_at, staff_id, proof, target,
                      point_id, direction)
            left join events e on e.id = v.event_id::uuid
            left join event_registrations r on r.id = v.registration_id and r.event_id = e.id
            left join checkin_points p on p.id = v.point_id and p.event_id = e.id
           where r.id is null
              or not usher_checks_in_at(uploader, e)
              -- A check-in point of the event (electron/core/checkin-points); an exit only
              -- where the point records exits. Whether it admits the person is the app's word
              -- (rules.ts): a refused entry is kept, flagged, like any forced check-in.
              or (v.point_id is not null and p.id is null)
              or coalesce(v.direction, 'in') not in ('in', 'out')
              or (v.direction = 'out' and not coalesce(p.records_exits, false))
              or (v.staff_id is distinct from uploader.id
                  and not usher_scan_proof_valid(v.proof, v.staff_id, 'checkIn', v.nonce,
                                                 v.event_id, v.target, v.scanned_at));
          if refused > 0 then
            raise exception '% check-in(s) refused: event not open, registration or point of another event, exit not recorded there or staff not proven', refused
              using errcode = '42501';
          end if;
          -- The counter (people with a standing check-in, exits included: they came) moves by the
          -- registrations that had no standing check-in before (the CTE's subquery still sees
          -- the table as it was). Without a point a check-in is at the event's first.
          with written as (
            insert into check_ins (nonce, registration_id, event_id, scanned_at, forced,
                                   forced_reason, device_id, staff_user_id, point_id, direction)
            select v.nonce::uuid, v.registration_id, v.event_id::uuid, v.scanned_at::timestamptz,
                   v.forced_reason is not null, v.forced_reason, device, v.staff_id,
                   coalesce(v.point_id, (select p.id from checkin_points p
                                          where p.event_id = v.event_id::uuid
                                          order by p.position, p.created_at, p.id limit 1)),
                   coalesce(v.direction, 'in')
              from unnest(nonces, registration_ids, event_ids, scanned_ats, forced_reasons, staff_ids,
                          point_ids, directions)
                   with ordinality as v(nonce, registration_id, event_id, scanned_at, forced_reason,
                                        staff_id, point_id, direction, ord)
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
    // A new function may be called by PUBLIC until revoked; team-init.ts grants it to desktops.
    await db.query(`revoke all on function ${newCheckIn} from public`);

    await db.query(doorUndo(stewardUndoRule));
  }

  async down(db: QueryRunner): Promise<void> {
    // Back to the shipped rules of migrations 1764330000000 and 1764330001000.
    await db.query(doorUndo(''));
    await db.query(`drop function if exists ${newCheckIn}`);
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
    await db.query(`revoke all on function ${oldCheckIn} from public`);
    await db.query(`
      create or replace function usher_actor_event_ids() returns setof uuid
        language sql stable security definer set search_path = public, pg_temp as $$
        select e.id from events e, usher_actor() a
         where case a.role
                 when 'organizer' then e.created_by = a.id
                 when 'door' then e.status = 'published'
                 when 'admin' then true
                 else false end
      $$`);
    await db.query(`
      create or replace function usher_checks_in_at(uploader users, event events) returns boolean
        language sql immutable set search_path = public, pg_temp as $$
        select coalesce(case uploader.role
          when 'door' then event.status = 'published'
          when 'organizer' then event.created_by = uploader.id
          when 'admin' then true
          else false end, false)
      $$`);
    await db.query(scanProofValid(`'door', 'organizer', 'admin'`));
  }
}
