import { describe, expect, it } from 'vitest';
import { decideAtPoint, type PointScan } from '../../../electron/core/checkin-points/rules';

// A point's rules and the words the door shows when it refuses.

const day1 = { ticketTypeId: 'day-1', ticketTypeName: 'Day 1' };
const day2 = { ticketTypeId: 'day-2', ticketTypeName: 'Day 2' };
const gate = {
  ticketTypeIds: null,
  validFrom: null,
  validUntil: null,
  allowMultipleEntries: false,
  recordsExits: false,
  allowReentry: true,
};
type Over = Omit<Partial<PointScan>, 'point'> & { point?: Partial<PointScan['point']> };
const scan = (over: Over): PointScan => ({
  ticket: day1,
  moves: [],
  direction: 'in',
  at: new Date('2026-05-02T08:30:00Z'),
  timeZone: 'Europe/Berlin',
  ...over,
  point: { ...gate, ...over.point },
});

describe('a check-in point', () => {
  it('admits the ticket types it lists and names the type it refuses', () => {
    const point = { ticketTypeIds: ['day-2'] };
    expect(decideAtPoint(scan({ point, ticket: day2 }))).toEqual({ admitted: true });
    expect(decideAtPoint(scan({ point, ticket: day1 }))).toEqual({
      admitted: false,
      reason: 'ticket_type',
      message: 'Day 1 ticket',
    });
  });

  it('says when its window opens or closed, in the event’s wall-clock time', () => {
    // 08:30 UTC is 10:30 in Berlin (summer time).
    const opensLater = { validFrom: '2026-05-02T09:00:00Z' };
    expect(decideAtPoint(scan({ point: opensLater }))).toEqual({
      admitted: false,
      reason: 'not_yet_valid',
      message: 'Not valid before 11:00',
    });
    const tomorrow = { validFrom: '2026-05-03T07:00:00Z' };
    expect(decideAtPoint(scan({ point: tomorrow }))).toMatchObject({
      message: 'Not valid before Sun 3 May, 09:00',
    });
    const closed = { validUntil: '2026-05-02T08:00:00Z' };
    expect(decideAtPoint(scan({ point: closed }))).toEqual({
      admitted: false,
      reason: 'no_longer_valid',
      message: 'Not valid after 10:00',
    });
    const open = { validFrom: '2026-05-02T08:00:00Z', validUntil: '2026-05-02T09:00:00Z' };
    expect(decideAtPoint(scan({ point: open }))).toEqual({ admitted: true });
  });

  it('counts the first check-in, unless it allows several', () => {
    expect(decideAtPoint(scan({ moves: ['in'] }))).toMatchObject({
      reason: 'already_checked_in',
    });
    expect(
      decideAtPoint(scan({ moves: ['in', 'in'], point: { allowMultipleEntries: true } })),
    ).toEqual({ admitted: true });
  });

  it('follows in and out with re-entry', () => {
    const point = { recordsExits: true, allowReentry: true };
    const at = (moves: PointScan['moves'], direction: 'in' | 'out') =>
      decideAtPoint(scan({ point, moves, direction }));
    expect(at([], 'out')).toMatchObject({ reason: 'not_inside' });
    expect(at([], 'in')).toEqual({ admitted: true });
    expect(at(['in'], 'in')).toMatchObject({
      reason: 'already_checked_in',
      message: 'Already inside',
    });
    expect(at(['in'], 'out')).toEqual({ admitted: true });
    expect(at(['in', 'out'], 'out')).toMatchObject({ reason: 'not_inside' });
    expect(at(['in', 'out'], 'in')).toEqual({ admitted: true });
  });

  it('keeps out someone who left where re-entry is not allowed, and records no exits where it does not', () => {
    const noReentry = { recordsExits: true, allowReentry: false };
    expect(decideAtPoint(scan({ point: noReentry, moves: ['in', 'out'] }))).toMatchObject({
      reason: 'no_reentry',
    });
    expect(decideAtPoint(scan({ moves: ['in'], direction: 'out' }))).toMatchObject({
      reason: 'exits_not_recorded',
    });
  });
});
