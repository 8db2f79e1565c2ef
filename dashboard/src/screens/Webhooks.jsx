// Webhooks: create, send a test, the delivery log (live), redeliver, rotate the secret, enable/disable, delete.
import { useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { navigate, href, onLinkClick } from '../lib/router.js';
import { dateTime } from '../lib/format.js';
import { Action, Badge, Empty, ErrorText, Field, FormButtons, Loaded, Page, SecretOnce, useAction, useAutoFocus } from '../components/ui.jsx';

const EVENTS = [
  'message.received', 'message.sent', 'message.delivered', 'message.read', 'message.failed',
  'session.qr', 'session.connected', 'session.disconnected', 'session.logged_out', 'session.warning',
  'broadcast.started', 'broadcast.paused', 'broadcast.completed', 'broadcast.failed',
  'contact.created', 'contact.updated', 'ticket.created', 'ticket.updated',
];

export function WebhooksScreen({ path }) {
  const id = path.replace(/^\//, '');
  const [secret, setSecret] = useState(null); // shown once after create/rotate
  if (id) return <WebhookDetail id={decodeURIComponent(id)} secret={secret} setSecret={setSecret} />;
  return <WebhookList setSecret={setSecret} />;
}

function WebhookList({ setSecret }) {
  const list = useResource(() => api.get('/webhooks').then((r) => r.data), []);
  const [creating, setCreating] = useState(false);
  return (
    <Page title="Webhooks" actions={<Action scope="webhooks:write" onClick={() => setCreating(true)}>New webhook</Action>}>
      <p class="muted small">Each event is POSTed to your URL, signed (Standard Webhooks), and retried for about a day if your server does not answer 2xx.</p>
      {creating && (
        <WebhookForm
          onCancel={() => setCreating(false)}
          onCreated={(w) => {
            setSecret({ id: w.id, value: w.secret });
            navigate(`/webhooks/${w.id}`);
          }}
        />
      )}
      <Loaded resource={list} what="webhooks">
        {(items) =>
          items.length === 0 ? (
            <Empty>No webhooks yet.</Empty>
          ) : (
            <ul class="cards" aria-label="Webhooks">
              {items.map((w) => (
                <li key={w.id} class="card" data-webhook={w.id}>
                  <div class="card-head">
                    <div>
                      <h2 class="card-title">
                        <a href={href(`/webhooks/${w.id}`)} onClick={(e) => onLinkClick(e, `/webhooks/${w.id}`)} class="mono break">
                          {w.url}
                        </a>
                      </h2>
                      <p class="muted small">
                        {w.description && <span>{w.description} · </span>}
                        {w.events.includes('*') ? 'All events' : w.events.join(', ')}
                        {w.sessionId && <span> · number {w.sessionId}</span>}
                      </p>
                    </div>
                    <Badge value={w.enabled ? 'enabled' : 'disabled'} />
                  </div>
                  {w.disabledReason && <p class="small warn-text">{w.disabledReason}</p>}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Page>
  );
}

function WebhookForm({ onCreated, onCancel }) {
  const [url, setUrl] = useState('https://');
  const [all, setAll] = useState(true);
  const [events, setEvents] = useState(new Set(['message.received']));
  const [description, setDescription] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [run, { busy, error }] = useAction();
  const first = useAutoFocus();
  const toggle = (e) => {
    const next = new Set(events);
    if (next.has(e)) next.delete(e);
    else next.add(e);
    setEvents(next);
  };
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const r = await api.post('/webhooks', {
        url: url.trim(),
        events: all ? ['*'] : [...events],
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(sessionId.trim() ? { sessionId: sessionId.trim() } : {}),
      });
      onCreated(r.data);
    });
  };
  return (
    <form class="panel form" onSubmit={submit} aria-label="New webhook">
      <h2>New webhook</h2>
      <div class="grid2">
        <Field label="URL *" wide>
          <input ref={first} type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} required />
        </Field>
        <Field label="Description">
          <input value={description} maxLength={500} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
        <Field label="Only for number (optional)" hint="A session id; empty for every number.">
          <input value={sessionId} onInput={(e) => setSessionId(e.currentTarget.value)} />
        </Field>
      </div>
      <fieldset>
        <legend>Events</legend>
        <label class="check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> All events, including ones added later
        </label>
        {!all && (
          <div class="checks">
            {EVENTS.map((ev) => (
              <label key={ev} class="check">
                <input type="checkbox" checked={events.has(ev)} onChange={() => toggle(ev)} /> <span class="mono">{ev}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <ErrorText error={error} />
      <FormButtons busy={busy} onCancel={onCancel}>
        Create webhook
      </FormButtons>
    </form>
  );
}

function WebhookDetail({ id, secret, setSecret }) {
  const w = useResource(() => api.get(`/webhooks/${seg(id)}`).then((r) => r.data), [id]);
  const log = useResource(() => api.get(`/webhooks/${seg(id)}/deliveries`, { limit: 50 }).then((r) => r.data), [id], { interval: 3000 });
  const [run, { busy, error }] = useAction();
  const [note, setNote] = useState('');
  const act = (fn, done) => () => run(async () => (await fn(), setNote(done), w.reload(), log.reload()));
  return (
    <Loaded resource={w} what="the webhook">
      {(d) => (
        <Page
          title="Webhook"
          actions={
            <a class="button secondary" href={href('/webhooks')} onClick={(e) => onLinkClick(e, '/webhooks')}>
              All webhooks
            </a>
          }
        >
          {secret?.id === d.id && <SecretOnce label="Signing secret" value={secret.value} onDone={() => setSecret(null)} />}
          <section class="panel" aria-label="Settings" data-webhook={d.id}>
            <div class="card-head">
              <h2 class="mono break">{d.url}</h2>
              <Badge value={d.enabled ? 'enabled' : 'disabled'} />
            </div>
            <p class="muted small">
              {d.description && <span>{d.description} · </span>}Events: {d.events.includes('*') ? 'all' : d.events.join(', ')}
              {d.sessionId && <span> · number {d.sessionId}</span>} · id <span class="mono">{d.id}</span>
            </p>
            {d.disabledReason && <p class="warn-text small">{d.disabledReason}</p>}
            {secret?.id === d.id && secret.previousUntil && (
              <p class="muted small">The previous secret also signs until {dateTime(secret.previousUntil)}, so receivers can switch over.</p>
            )}
            <ErrorText error={error} />
            {note && (
              <p class="ok" role="status">
                {note}
              </p>
            )}
            <div class="row wrap">
              <Action scope="webhooks:write" busy={busy} disabledReason={d.enabled ? undefined : 'Enable it first'} onClick={act(() => api.post(`/webhooks/${seg(d.id)}/test`), 'Test event sent; it appears in the log below.')}>
                Send test event
              </Action>
              <Action
                scope="webhooks:write"
                class="secondary"
                busy={busy}
                onClick={() =>
                  confirm('Rotate the signing secret? The old one keeps signing for 24 hours alongside the new one.') &&
                  run(async () => {
                    const r = await api.post(`/webhooks/${seg(d.id)}/rotate-secret`);
                    setSecret({ id: d.id, value: r.data.secret, previousUntil: r.data.previousSecretExpiresAt });
                    w.reload();
                  })
                }
              >
                Rotate secret
              </Action>
              <Action scope="webhooks:write" class="secondary" busy={busy} onClick={act(() => api.patch(`/webhooks/${seg(d.id)}`, { enabled: !d.enabled }), d.enabled ? 'Disabled.' : 'Enabled.')}>
                {d.enabled ? 'Disable' : 'Enable'}
              </Action>
              <Action
                scope="webhooks:write"
                class="danger"
                busy={busy}
                onClick={() => confirm('Delete this webhook?') && run(async () => (await api.del(`/webhooks/${seg(d.id)}`), navigate('/webhooks')))}
              >
                Delete
              </Action>
            </div>
          </section>
          <section class="panel" aria-labelledby="log-title">
            <h2 id="log-title">Delivery log</h2>
            <Loaded resource={log} what="deliveries">
              {(items) =>
                items.length === 0 ? (
                  <Empty>No deliveries yet. Send a test event to see one.</Empty>
                ) : (
                  <ul class="deliveries" aria-label="Deliveries">
                    {items.map((a) => (
                      <li key={a.id} class="delivery" data-delivery={a.id} data-event-type={a.eventType} data-status={a.status}>
                        <div class="card-head">
                          <p>
                            <span class="mono">{a.eventType}</span> · attempt {a.attempt} · <Badge value={a.status} />
                            {a.responseStatus != null && <span class="muted"> HTTP {a.responseStatus}</span>}
                            <span class="muted"> · {a.durationMs} ms</span>
                          </p>
                          <p class="muted small">{dateTime(a.at)}</p>
                        </div>
                        {a.error && <p class="small warn-text">{a.error}</p>}
                        {a.nextRetryAt && <p class="small muted">Next try {dateTime(a.nextRetryAt)}</p>}
                        {a.responseBody && (
                          <details>
                            <summary>Response body</summary>
                            <pre class="small">{a.responseBody}</pre>
                          </details>
                        )}
                        <Action
                          scope="webhooks:write"
                          class="secondary small"
                          busy={busy}
                          disabledReason={d.enabled ? undefined : 'Enable the webhook first'}
                          onClick={act(() => api.post(`/webhooks/${seg(d.id)}/deliveries/${seg(a.id)}/redeliver`), 'Sent again; the new attempt appears in the log.')}
                        >
                          Redeliver
                        </Action>
                      </li>
                    ))}
                  </ul>
                )
              }
            </Loaded>
          </section>
        </Page>
      )}
    </Loaded>
  );
}
