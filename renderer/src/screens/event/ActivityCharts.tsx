import type { EventActivity } from '@shared/contract/reports';
import { BarChart } from '../../components/charts/BarChart';

/** Registrations per day and check-ins per hour, on the event's own clock. */
export function ActivityCharts({ activity }: { activity: EventActivity | null }) {
  return (
    <section className="charts" aria-label="Activity">
      <div className="panel chart-panel">
        <h2>Registrations per day</h2>
        {activity && (
          <BarChart
            buckets={activity.registrationsPerDay.map(({ day, count }) => ({ key: day, count }))}
            unit="day"
            noun="registration"
            tone="accent"
          />
        )}
      </div>
      <div className="panel chart-panel">
        <h2>Check-ins per hour</h2>
        {activity && (
          <BarChart
            buckets={activity.checkInsPerHour.map(({ hour, count }) => ({ key: hour, count }))}
            unit="hour"
            noun="check-in"
            tone="good"
          />
        )}
      </div>
    </section>
  );
}
