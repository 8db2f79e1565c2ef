// Shared pieces. Data is always passed as children/text: nothing here renders markup from a string.
import { useState, useCallback, useRef, useEffect } from 'preact/hooks';
import { useKey } from '../lib/scopes.js';

/** Runs an async action, remembering whether it is running and the API error it ended with (shown by <ErrorText>). */
export function useAction() {
  const [state, setState] = useState({ busy: false, error: null });
  const alive = useRef(true);
  useEffect(() => () => (alive.current = false), []);
  const run = useCallback(async (fn) => {
    setState({ busy: true, error: null });
    try {
      const result = await fn();
      if (alive.current) setState({ busy: false, error: null });
      return result;
    } catch (error) {
      if (alive.current) setState({ busy: false, error });
      return undefined;
    }
  }, []);
  const clear = useCallback(() => setState({ busy: false, error: null }), []);
  return [run, state, clear];
}

export function ErrorText({ error, id }) {
  if (!error) return null;
  return (
    <p class="error" role="alert" id={id}>
      {error.message || String(error)}
    </p>
  );
}

/** Why an action is unavailable: the scope it needs (shown as text next to the disabled control). */
export const scopeReason = (scope) => `Needs the ${scope} scope`;

/**
 * A button that is disabled, with its reason shown beside it, when the key lacks `scope` (or `disabledReason` is set).
 * `hideWithout` hides it instead.
 */
export function Action({ scope, disabledReason, busy, children, class: cls = '', hideWithout, ...rest }) {
  const { can } = useKey();
  const [id] = useState(() => `why-${Math.random().toString(36).slice(2, 9)}`);
  const lacking = scope && !can(scope);
  if (lacking && hideWithout) return null;
  const reason = lacking ? scopeReason(scope) : disabledReason;
  return (
    <span class="action">
      <button type="button" class={cls} disabled={!!reason || busy} aria-describedby={reason ? id : undefined} aria-busy={busy ? 'true' : undefined} {...rest}>
        {children}
      </button>
      {reason && (
        <span class="why" id={id}>
          {reason}
        </span>
      )}
    </span>
  );
}

/** The whole screen needs a scope this key lacks. */
export function NeedsScope({ scope, what }) {
  return (
    <section class="panel locked" aria-labelledby="locked-title">
      <h2 id="locked-title">Not available with this key</h2>
      <p>
        {what} needs the <code>{scope}</code> scope, which the signed-in key does not have. Sign in with a key that has it, or
        ask an admin to grant it.
      </p>
    </section>
  );
}

export function Page({ title, actions, children, wide }) {
  const heading = useRef(null);
  return (
    <section class={`page${wide ? ' wide' : ''}`} aria-labelledby="page-title">
      <header class="page-head">
        <h1 id="page-title" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions && <div class="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** A form's last row: its submit button (off while busy, or while `disabled`) and Cancel. */
export function FormButtons({ busy, disabled, onCancel, children }) {
  return (
    <div class="row">
      <button type="submit" disabled={busy || disabled}>
        {children}
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/**
 * The end of a settings form of one number (pacing, routing): why it is read-only without `scope`, the API's error,
 * "Saved.", then Save and any further actions (only with the scope) and Close.
 */
export function SettingsButtons({ scope, canWrite, busy, error, saved, saveLabel, onClose, children }) {
  return (
    <>
      {!canWrite && <p class="why">{scopeReason(scope)} to change.</p>}
      <ErrorText error={error} />
      {saved && (
        <p class="ok" role="status">
          Saved.
        </p>
      )}
      <div class="row wrap">
        {canWrite && (
          <button type="submit" disabled={busy}>
            {saveLabel}
          </button>
        )}
        {canWrite && children}
        <button type="button" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </>
  );
}

export function Field({ label, hint, children, wide }) {
  return (
    <label class={`field${wide ? ' wide' : ''}`}>
      <span class="label">{label}</span>
      {children}
      {hint && <span class="hint">{hint}</span>}
    </label>
  );
}

const TONES = {
  ready: 'good', completed: 'good', succeeded: 'good', read: 'good', delivered: 'good', sent: 'good', enabled: 'good', open: 'info',
  qr: 'warn', starting: 'warn', connecting: 'warn', queued: 'info', running: 'info', waiting: 'warn', paused: 'warn', retrying: 'warn',
  pending: 'info', sending: 'info', in_progress: 'info',
  failed: 'bad', dead: 'bad', logged_out: 'bad', disconnected: 'muted', cancelled: 'muted', skipped: 'muted', gone: 'bad', disabled: 'muted',
  online: 'good', away: 'warn', offline: 'muted',
  new: 'muted', closed: 'muted', resolved: 'good', urgent: 'bad', high: 'warn', med: 'info', low: 'muted',
};

export function Badge({ value, label }) {
  return <span class={`badge tone-${TONES[value] ?? 'muted'}`}>{label ?? String(value).replaceAll('_', ' ')}</span>;
}

export function Loading({ what = 'Loading' }) {
  return (
    <p class="loading" role="status">
      {what}…
    </p>
  );
}

export function Empty({ children }) {
  return <p class="empty">{children}</p>;
}

/** A secret the API shows once: visible, selectable, with a copy button and the warning. */
export function SecretOnce({ label, value, onDone }) {
  const [copied, setCopied] = useState(false);
  const input = useRef(null);
  useEffect(() => input.current?.select(), []);
  return (
    <div class="panel secret" role="region" aria-label={label}>
      <p>
        <strong>{label}</strong> — shown only this once. Copy it now and keep it somewhere safe.
      </p>
      <div class="row">
        <input ref={input} class="mono" readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied(true);
            } catch {
              input.current?.select();
            }
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        {onDone && (
          <button type="button" class="secondary" onClick={onDone}>
            Done
          </button>
        )}
      </div>
    </div>
  );
}

/** Shows `children` for the page's data, or its first load's state. */
export function Loaded({ resource, what, children }) {
  if (resource.data === undefined) {
    if (resource.error) return <ErrorText error={resource.error} />;
    return <Loading what={`Loading ${what}`} />;
  }
  return (
    <>
      {resource.error && <p class="stale" role="status">Could not refresh: {resource.error.message} Showing the last data.</p>}
      {children(resource.data)}
    </>
  );
}

/** Focus the element when it mounts (forms opened by a button). */
export function useAutoFocus() {
  const ref = useRef(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
