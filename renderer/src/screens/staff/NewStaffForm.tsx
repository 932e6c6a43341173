import { useState } from 'react';
import { channels } from '@shared/contract';
import { roles, type Role } from '@shared/domain';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { useStaff } from '../../stores/staff';
import { roleLabels } from './roles';

export function NewStaffForm({ onDone }: { onDone(): void }) {
  const create = useStaff((state) => state.create);
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('door');
  const [password, setPassword] = useState('');
  const form = useForm({
    schema: channels['users.create'].input,
    submit: async (input) => {
      const failure = await create(input);
      if (!failure) onDone();
      return failure;
    },
  });
  const edit = (name: string, set: (value: string) => void) => (value: string) => {
    set(value);
    form.clear(name);
  };

  return (
    <form
      className="form panel"
      aria-label="New staff account"
      noValidate
      onSubmit={form.handleSubmit({ fullName, email, role, password })}
    >
      <h2>New staff account</h2>
      <FormError error={form.error} />
      <div className="field-grid">
        <TextField
          label="Full name"
          autoFocus
          value={fullName}
          onChange={edit('fullName', setFullName)}
          error={form.fields.fullName}
        />
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={edit('email', setEmail)}
          error={form.fields.email}
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(value) => setRole(value as Role)}
          options={roles.map((value) => ({ value, label: roleLabels[value] }))}
        />
        <TextField
          label="First password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={edit('password', setPassword)}
          error={form.fields.password}
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
