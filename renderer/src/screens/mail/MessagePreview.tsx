import { useState } from 'react';
import type { MailPreview } from '@shared/contract/mail';

type View = 'html' | 'text';

/**
 * The message as the attendee's mail program shows it: the HTML part drawn in a sandboxed frame
 * (`sandbox=""`: no scripts, no forms, no navigation, an origin of its own; the page's CSP still
 * applies to it), with the plain-text part a tab away. Inline images (`cid:`) are drawn from the
 * `data:` URLs the preview brings, which the CSP allows for images.
 */
export function MessagePreview({ preview }: { preview: MailPreview }) {
  const [view, setView] = useState<View>('html');
  const html = (preview.inlineImages ?? []).reduce(
    (page, image) => page.replaceAll(`cid:${image.cid}`, image.dataUrl),
    preview.html,
  );
  const tab = (which: View, label: string) => (
    <button
      type="button"
      role="tab"
      id={`preview-tab-${which}`}
      aria-selected={view === which}
      aria-controls={`preview-panel-${which}`}
      className="preview-tab"
      onClick={() => setView(which)}
    >
      {label}
    </button>
  );
  return (
    <article className="mail-preview" aria-label="Preview">
      <p>
        <strong>Subject:</strong> <span data-testid="preview-subject">{preview.subject}</span>
      </p>
      <div role="tablist" aria-label="Message part" className="preview-tabs">
        {tab('html', 'As sent (HTML)')}
        {tab('text', 'Plain text')}
      </div>
      {view === 'html' ? (
        <div role="tabpanel" id="preview-panel-html" aria-labelledby="preview-tab-html">
          <iframe
            className="preview-frame"
            title="The HTML part, as the attendee sees it"
            sandbox=""
            referrerPolicy="no-referrer"
            srcDoc={html}
            data-testid="preview-html"
          />
        </div>
      ) : (
        <div role="tabpanel" id="preview-panel-text" aria-labelledby="preview-tab-text">
          <pre data-testid="preview-text">{preview.text}</pre>
        </div>
      )}
      {preview.attachments.length > 0 && <p>Attached: {preview.attachments.join(', ')}</p>}
    </article>
  );
}
