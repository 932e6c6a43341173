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
  const form = useForm({
    schema: channels['auth.setup'].input,
    initial: { fullName: '', email: '', password: '', confirmPassword: '' },
    toInput: ({ confirmPassword: _repeated, ...input }) => input,
    extraCheck: (values): Record<string, string> =>
      values.confirmPassword === values.password
        ? {}
        : { confirmPassword: 'The two passwords do not match' },
    submit: setup,
  });

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
      <form className="form" noValidate onSubmit={form.handleSubmit}>
        <FormError error={form.error} />
        <TextField label="Full name" autoComplete="name" autoFocus {...form.field('fullName')} />
        <TextField label="Email" type="email" autoComplete="email" {...form.field('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          {...form.field('password')}
          hint="At least 10 characters. A few unrelated words make a strong one."
        />
        <TextField
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          {...form.field('confirmPassword')}
        />
        <Button type="submit" variant="primary" className="wide" busy={form.busy}>
          Create admin account
        </Button>
      </form>
    </AuthFrame>
  );
}
