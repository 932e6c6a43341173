import { useState } from 'react';
import type { AuditEntry } from '@shared/contract/audit';
import { Icon } from '../../components/Icon';
import { ago, dateTime } from '../../format/dates';
import { changes, what, who } from './describe';

function Details({ entry }: { entry: AuditEntry }) {
  const list = changes(entry);
  if (list.length === 0) return <p className="muted">No recorded field changes.</p>;
  return (
    <dl className="changes">
      {list.map((change) => (
        <div key={change.field}>
          <dt>{change.field}</dt>
          <dd>
            {entry.before !== null && (
              <>
                <del>{change.before}</del>
                <span aria-hidden="true"> → </span>
                <span className="visually-hidden"> changed to </span>
              </>
            )}
            <ins>{change.after}</ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function AuditRow({ entry, showEvent }: { entry: AuditEntry; showEvent: boolean }) {
  const [open, setOpen] = useState(false);
  const failed = entry.action === 'auth.login_failed';
  const detailsId = `audit-${entry.id}`;
  return (
    <>
      <tr className={failed ? 'attention-row' : undefined}>
        <td className="nowrap">
          <time dateTime={entry.at} title={dateTime(entry.at)}>
            {ago(entry.at)}
          </time>
          <span className="cell-sub">{dateTime(entry.at)}</span>
        </td>
        <td>
          <span className="cell-main">{who(entry)}</span>
          {entry.actor && <span className="cell-sub">{entry.actor.email}</span>}
        </td>
        <td>
          <span className="cell-main">
            {failed && <Icon name="alert" size={16} />} {what(entry)}
          </span>
          <span className="cell-sub mono">{entry.action}</span>
        </td>
        {showEvent && <td>{entry.event?.title ?? <span className="muted">—</span>}</td>}
        <td className="row-actions">
          <button
            type="button"
            className="small-button"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide' : 'Details'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="details-row" id={detailsId}>
          <td colSpan={showEvent ? 5 : 4}>
            <Details entry={entry} />
          </td>
        </tr>
      )}
    </>
  );
}

/** Audit rows as sentences — who, what, when — with the before/after behind "Details". */
export function AuditTable({
  entries,
  showEvent = true,
  label,
}: {
  entries: AuditEntry[];
  showEvent?: boolean;
  label: string;
}) {
  return (
    <table className="table audit-table">
      <caption className="visually-hidden">{label}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          {showEvent && <th scope="col">Event</th>}
          <th scope="col">
            <span className="visually-hidden">Details</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <AuditRow key={entry.id} entry={entry} showEvent={showEvent} />
        ))}
      </tbody>
    </table>
  );
}
