import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/App';
import './styles/theme.css';
import './styles/base.css';
import './styles/forms.css';
import './styles/auth.css';
import './styles/shell.css';
import './styles/feedback.css';
import './styles/dialogs.css';
import './styles/events.css';
import './styles/attendees.css';
import './styles/activity.css';

// The CSP forbids eval; without this zod would still try it once and log a violation.
z.config({ jitless: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
