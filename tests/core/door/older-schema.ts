// Device files as older builds of Usher left them, for the tests of opening them again: each
// undoes one step of electron/core/door/device/replica-db.ts's schema.

/** Undoes schema step 6 (the counts kept from the server's check-ins). */
export const withoutKeptCounts = `
  drop trigger server_checkins_count_insert;
  drop trigger server_checkins_count_delete;
  drop trigger server_checkins_count_update;
  drop table server_moves;
  drop table server_checked_in;
  drop index server_checkins_second_entries;
  drop index outbox_rejected;`;
