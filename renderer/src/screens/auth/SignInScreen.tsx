import { useState } from 'react';
import { channels } from '@shared/contract';
import { Button } from '../../components/Button';
import { Checkbox, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { useSession } from '../../stores/session';
import { AuthFrame } from './AuthFrame';

export function SignInScreen({ onOpenSettings }: { onOpenSettings(): void }) {
  const login = useSession((state) => state.login);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const form = useForm({ schema: channels['auth.login'].input, submit: login });

  return (
    <AuthFrame
      title="Sign in"
      lead="Use the account your Usher admin gave you."
      footer={
        <button type="button" className="link-button" onClick={onOpenSettings}>
          Connection settings
        </button>
      }
    >
      <form className="form" noValidate onSubmit={form.handleSubmit({ email, password, remember })}>
        <FormError error={form.error} />
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          autoFocus
          value={email}
          onChange={(value) => {
            setEmail(value);
            form.clear('email');
          }}
          error={form.fields.email}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(value) => {
            setPassword(value);
            form.clear('password');
          }}
          error={form.fields.password}
        />
        <Checkbox
          label="Keep me signed in"
          checked={remember}
          onChange={setRemember}
          hint="On this computer, until you sign out."
        />
        <Button type="submit" variant="primary" className="wide" busy={form.busy}>
          Sign in
        </Button>
      </form>
    </AuthFrame>
  );
}
