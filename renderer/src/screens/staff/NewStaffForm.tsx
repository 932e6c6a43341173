import { channels } from '@shared/contract';
import { roles, type Role } from '@shared/domain';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { toastSuccess } from '../../stores/toasts';
import { roleLabels } from './roles';

export function NewStaffForm(props: { onCreated(): Promise<void>; onDone(): void }) {
  const { onCreated, onDone } = props;
  const form = useForm({
    schema: channels['users.create'].input,
    initial: { fullName: '', email: '', role: 'door' as Role, password: '' },
    submit: async (input) => {
      const result = await call('users.create', input);
      if (!result.ok) return result.error;
      toastSuccess('Staff account created', `${result.value.fullName} can sign in now.`);
      await onCreated();
      onDone();
      return null;
    },
  });

  return (
    <form
      className="form panel"
      aria-label="New staff account"
      noValidate
      onSubmit={form.handleSubmit}
    >
      <h2>New staff account</h2>
      <FormError error={form.error} />
      <div className="field-grid">
        <TextField label="Full name" autoFocus {...form.field('fullName')} />
        <TextField label="Email" type="email" {...form.field('email')} />
        <SelectField
          label="Role"
          {...form.field('role')}
          options={roles.map((value) => ({ value, label: roleLabels[value] }))}
        />
        <TextField
          label="First password"
          type="password"
          autoComplete="new-password"
          {...form.field('password')}
          hint="Share it with them in person; at least 10 characters."
        />
      </div>
      <div className="form-actions">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={form.busy}>
          Create account
        </Button>
      </div>
    </form>
  );
}
