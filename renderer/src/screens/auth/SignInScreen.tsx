import { channels } from '@shared/contract';
import { Button } from '../../components/Button';
import { Checkbox, TextField } from '../../components/Field';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/use-form';
import { useSession } from '../../stores/session';
import { AuthFrame } from './AuthFrame';

export function SignInScreen({ onOpenSettings }: { onOpenSettings(): void }) {
  const login = useSession((state) => state.login);
  const form = useForm({
    schema: channels['auth.login'].input,
    initial: { email: '', password: '', remember: false },
    submit: login,
  });

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
      <form className="form" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          autoFocus
          {...form.field('email')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          {...form.field('password')}
        />
        <Checkbox
          label="Keep me signed in"
          checked={form.values.remember}
          onChange={(remember) => form.set('remember', remember)}
          hint="On this computer, until you sign out."
        />
        <Button type="submit" variant="primary" className="wide" busy={form.busy}>
          Sign in
        </Button>
      </form>
    </AuthFrame>
  );
}
