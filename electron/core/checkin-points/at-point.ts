import type { Direction } from '@shared/contract/points';
import type { Sql } from '../db/db';
import { isoUtc } from '../sql-format';
import { decideAtPoint, type PointTicket, type PointVerdict } from './rules';

// The server's side of check-in points in an upload: which point each check-in is at, and what
// that point's rules say about it given the ticket's moves there, kept current item by item so a
// batch decides as the device did (electron/core/checkins/decide.ts).

interface PointRow {
  id: string;
  eventId: string;
  ticketTypeIds: string[] | null;
  validFrom: string | null;
  validUntil: string | null;
  allowMultipleEntries: boolean;
  recordsExits: boolean;
  allowReentry: boolean;
}

interface Move {
  nonce: string;
  direction: Direction;
}

export interface PointItem {
  nonce: string;
  eventId: string;
  pointId?: string;
  scannedAt: string;
}

export interface PointTracker {
  /** The point a check-in is at (the event's first if it names none); null: not the event's. */
  resolve(item: PointItem): string | null;
  decide(
    item: PointItem,
    registrationId: string,
    pointId: string,
    direction: Direction,
  ): PointVerdict;
  record(nonce: string, registrationId: string, pointId: string, direction: Direction): void;
  revert(nonce: string): void;
}

const keyOf = (registrationId: string, pointId: string) => `${registrationId}:${pointId}`;

/** Reads the batch's points, tickets and standing moves, under the event lock the upload holds. */
export async function readPoints(
  sql: Sql,
  eventIds: string[],
  registrationIds: string[],
): Promise<PointTracker> {
  const points = await sql.many<PointRow & { position: number }>(
    `select id, event_id as "eventId", position, ticket_type_ids as "ticketTypeIds",
            ${isoUtc('valid_from')} as "validFrom", ${isoUtc('valid_until')} as "validUntil",
            allow_multiple_entries as "allowMultipleEntries", records_exits as "recordsExits",
            allow_reentry as "allowReentry"
       from checkin_points where event_id = any($1::uuid[]) order by position, id`,
    [eventIds],
  );
  const zones = await sql.many<{ id: string; timeZone: string }>(
    'select id, time_zone as "timeZone" from events where id = any($1::uuid[])',
    [eventIds],
  );
  const tickets = await sql.many<PointTicket & { id: string }>(
    `select r.id, r.ticket_type_id as "ticketTypeId", t.name as "ticketTypeName"
       from event_registrations r join ticket_types t on t.id = r.ticket_type_id
      where r.id = any($1::uuid[])`,
    [registrationIds],
  );
  const standing = await sql.many<Move & { registrationId: string; pointId: string }>(
    `select c.registration_id as "registrationId", c.nonce, c.direction,
            coalesce(c.point_id, (select f.id from checkin_points f where f.event_id = c.event_id
                                   order by f.position, f.id limit 1)) as "pointId"
       from check_ins c
      where c.registration_id = any($1::uuid[]) and c.reverted_at is null
      order by c.seq`,
    [registrationIds],
  );

  const byId = new Map(points.map((point) => [point.id, point]));
  const firstOf = new Map<string, string>();
  for (const point of points) if (!firstOf.has(point.eventId)) firstOf.set(point.eventId, point.id);
  const zoneOf = new Map(zones.map((zone) => [zone.id, zone.timeZone]));
  const ticketOf = new Map(tickets.map(({ id, ...ticket }) => [id, ticket]));
  const moves = new Map<string, Move[]>();
  const keyOfNonce = new Map<string, string>();
  const record = (nonce: string, registrationId: string, pointId: string, direction: Direction) => {
    const key = keyOf(registrationId, pointId);
    moves.set(key, [...(moves.get(key) ?? []), { nonce, direction }]);
    keyOfNonce.set(nonce, key);
  };
  for (const move of standing)
    record(move.nonce, move.registrationId, move.pointId, move.direction);

  return {
    resolve(item) {
      if (!item.pointId) return firstOf.get(item.eventId) ?? null;
      return byId.get(item.pointId)?.eventId === item.eventId ? item.pointId : null;
    },
    decide(item, registrationId, pointId, direction) {
      return decideAtPoint({
        point: byId.get(pointId)!,
        ticket: ticketOf.get(registrationId) ?? { ticketTypeId: '', ticketTypeName: 'This' },
        moves: (moves.get(keyOf(registrationId, pointId)) ?? []).map((move) => move.direction),
        direction,
        at: new Date(item.scannedAt),
        timeZone: zoneOf.get(item.eventId) ?? 'UTC',
      });
    },
    record,
    revert(nonce) {
      const key = keyOfNonce.get(nonce);
      if (!key) return;
      moves.set(
        key,
        (moves.get(key) ?? []).filter((move) => move.nonce !== nonce),
      );
    },
  };
}
