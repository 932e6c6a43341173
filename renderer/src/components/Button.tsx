import type { ButtonHTMLAttributes } from 'react';
import { Icon, type IconName } from './Icon';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  icon?: IconName;
  /** Shows work in progress and keeps the button from being pressed twice. */
  busy?: boolean;
}

export function Button({
  variant = 'secondary',
  icon,
  busy = false,
  type = 'button',
  disabled,
  children,
  className,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={['button', variant, className].filter(Boolean).join(' ')}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : icon && <Icon name={icon} />}
      <span>{children}</span>
    </button>
  );
}
