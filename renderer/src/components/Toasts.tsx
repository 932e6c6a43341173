import { useToasts, type Toast } from '../stores/toasts';
import { Icon, type IconName } from './Icon';

const icons: Record<Toast['kind'], IconName> = { success: 'check', error: 'alert', info: 'info' };

/** Results and errors, bottom right; errors are announced at once, the rest politely. */
export function Toasts() {
  const toasts = useToasts((state) => state.toasts);
  const dismiss = useToasts((state) => state.dismiss);
  return (
    <section className="toasts" aria-label="Notifications">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast ${toast.kind}`}
          role={toast.kind === 'error' ? 'alert' : 'status'}
        >
          <span className="toast-icon">
            <Icon name={icons[toast.kind]} />
          </span>
          <div className="toast-body">
            <p className="toast-title">{toast.title}</p>
            {toast.message && <p className="toast-message">{toast.message}</p>}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notification"
            onClick={() => dismiss(toast.id)}
          >
            <Icon name="close" size={16} />
          </button>
        </div>
      ))}
    </section>
  );
}
