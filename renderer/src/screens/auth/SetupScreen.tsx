import { useState } from 'react';
import { channels } from '@shared/contract';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { useSession } from '../../stores/session';
import { AuthFrame } from './AuthFrame';

/** First run: the person at the keyboard becomes the first admin. */
export function SetupScreen({ onOpenSettings }: { onOpenSettings(): void }) {
  const setup = useSession((state) => state.setup);
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useForm({
    schema: channels['auth.setup'].input,
    extraCheck: (): Record<string, string> =>
      confirm === password ? {} : { confirmPassword: 'The two passwords do not match' },
    submit: setup,
  });
  const edit = (name: string, set: (value: string) => void) => (value: string) => {
    set(value);
    form.clear(name);
  };

  return (
    <AuthFrame
      title="Welcome to Usher"
      lead="Create the first admin account. You can add the rest of your team afterwards."
      footer={
        <button type="button" className="link-button" onClick={onOpenSettings}>
          Using a team server? Open connection settings
        </button>
      }
    >
      <form className="form" noValidate onSubmit={form.handleSubmit({ fullName, email, password })}>
        <FormError error={form.error} />
        <TextField
          label="Full name"
          autoComplete="name"
          autoFocus
          value={fullName}
          onChange={edit('fullName', setFullName)}
          error={form.fields.fullName}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={edit('email', setEmail)}
          error={form.fields.email}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={edit('password', setPassword)}
          error={form.fields.password}
          hint="At least 10 characters. A few unrelated words make a strong one."
        />
        <TextField
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={edit('confirmPassword', setConfirm)}
          error={form.fields.confirmPassword}
        />
        <Button type="submit" variant="primary" className="wide" busy={form.busy}>
          Create admin account
        </Button>
      </form>
    </AuthFrame>
  );
}
