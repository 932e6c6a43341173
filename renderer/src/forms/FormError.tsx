import type { ErrorBody } from '@shared/contract';
import { Icon } from '../components/Icon';

/** A failed submit that no single field explains, announced as soon as it appears. */
export function FormError({ error }: { error: ErrorBody | null }) {
  if (!error) return null;
  const pointsAtFields = error.code === 'VALIDATION' && error.fields;
  return (
    <div className="form-error" role="alert">
      <Icon name="alert" />
      <p>{pointsAtFields ? 'Some fields need attention.' : error.message}</p>
    </div>
  );
}
