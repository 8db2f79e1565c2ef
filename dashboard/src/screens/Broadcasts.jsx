// Broadcasts: create from a CSV upload or from contacts (by stage and tag) with a preview of the rendered message;
// a live progress bar with the estimated finish; pause, resume, cancel; recipients by status; CSV export.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, allPages, seg } from '../lib/api.js';
import { useResource, useNow } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';
import { navigate, href, onLinkClick } from '../lib/router.js';
import { recipientsFromCsv } from '../lib/csv.js';
import { renderTemplate, usesName } from '../lib/template.js';
import { dateTime, duration, phoneOf, plural, relative } from '../lib/format.js';
import { Action, Badge, Empty, ErrorText, Field, FormButtons, Loaded, Page, scopeReason, useAction, useAutoFocus } from '../components/ui.jsx';
import { STAGES } from './Contacts.jsx';

const FINAL = ['completed', 'cancelled', 'failed'];
const RECIPIENT_STATUSES = ['pending', 'sending', 'queued', 'sent', 'delivered', 'read', 'failed', 'skipped'];
const REASONS = {
  quiet_hours: 'quiet hours',
  daily_cap: "the number's daily cap is reached",
  scheduled: 'scheduled for later',
  session_not_ready: 'the number is not connected',
  requested: 'on request',
};

export function BroadcastsScreen({ path }) {
  const id = path.replace(/^\//, '');
  if (id === 'new') return <NewBroadcast />;
  if (id) return <BroadcastDetail id={decodeURIComponent(id)} />;
  return <BroadcastList />;
}

function Progress({ b, compact }) {
  const done = b.progress.processed;
  const pct = b.total ? Math.floor((done * 100) / b.total) : 0;
  return (
    <div class={`progress${compact ? ' compact' : ''}`}>
      <progress max={b.total} value={done} aria-label={`${b.name}: ${done} of ${b.total} processed`} />
      <span class="progress-text" data-percent={pct}>
        {pct} % · {done} of {plural(b.total, 'recipient')}
      </span>
    </div>
  );
}

function BroadcastList() {
  const list = useResource(() => api.get('/broadcasts', { limit: 50 }).then((r) => r.data), [], { interval: 4000 });
  return (
    <Page title="Broadcasts" actions={<Action scope="broadcasts:write" onClick={() => navigate('/broadcasts/new')}>New broadcast</Action>}>
      <p class="muted small">
        Broadcasts carry the highest ban risk: send only to people who opted in. Each number sends one message at a time,
        with random delays and a daily cap (see its pacing on the Numbers screen).
      </p>
      <Loaded resource={list} what="broadcasts">
        {(items) =>
          items.length === 0 ? (
            <Empty>No broadcasts yet.</Empty>
          ) : (
            <ul class="cards" aria-label="Broadcasts">
              {items.map((b) => (
                <li key={b.id} class="card" data-broadcast={b.id}>
                  <div class="card-head">
                    <div>
                      <h2 class="card-title">
                        <a href={href(`/broadcasts/${b.id}`)} onClick={(e) => onLinkClick(e, `/broadcasts/${b.id}`)}>
                          {b.name}
                        </a>
                      </h2>
                      <p class="muted small">
                        {dateTime(b.createdAt)} · from <span class="mono">{b.sessionId}</span>
                      </p>
                    </div>
                    <Badge value={b.status} />
                  </div>
                  <Progress b={b} compact />
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Page>
  );
}

function NewBroadcast() {
  const { can } = useKey();
  const sessions = useResource(() => api.get('/sessions').then((r) => r.data), [], { enabled: can('sessions:read') });
  const [name, setName] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [message, setMessage] = useState('Hi {{name|there}}, ');
  const [source, setSource] = useState('csv');
  const [recipients, setRecipients] = useState(null); // { list, problems, from }
  const [run, { busy, error }] = useAction();
  const first = useAutoFocus();
  useEffect(() => {
    if (!sessionId && sessions.data?.length) setSessionId((sessions.data.find((s) => s.status === 'ready') ?? sessions.data[0]).id);
  }, [sessions.data]);

  if (!can('broadcasts:write'))
    return (
      <Page title="New broadcast">
        <p class="why">{scopeReason('broadcasts:write')} to create broadcasts.</p>
      </Page>
    );

  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      if (!recipients?.list.length) throw new Error('Add recipients first: upload a CSV or pick contacts.');
      const r = await api.post('/broadcasts', { name: name.trim(), sessionId, message, recipients: recipients.list });
      navigate(`/broadcasts/${r.data.id}`);
    });
  };
  return (
    <Page title="New broadcast">
      <form class="panel form" onSubmit={submit} aria-label="New broadcast">
        <div class="grid2">
          <Field label="Name *" hint="For you, e.g. “October offer”.">
            <input ref={first} value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={200} />
          </Field>
          <Field label="Send from *">
            {sessions.data ? (
              <select value={sessionId} onChange={(e) => setSessionId(e.currentTarget.value)} required>
                {sessions.data.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name || (s.phone ? `+${s.phone}` : s.id)} ({s.status})
                  </option>
                ))}
              </select>
            ) : (
              <input value={sessionId} onInput={(e) => setSessionId(e.currentTarget.value)} required placeholder="Session id" />
            )}
          </Field>
          <Field label="Message *" hint="{{name}} becomes each recipient's name; {{name|there}} uses “there” when a recipient has none." wide>
            <textarea rows={4} value={message} maxLength={4096} onInput={(e) => setMessage(e.currentTarget.value)} required />
          </Field>
        </div>
        <fieldset class="source">
          <legend>Recipients</legend>
          <label class="check">
            <input type="radio" name="source" value="csv" checked={source === 'csv'} onChange={() => (setSource('csv'), setRecipients(null))} /> Upload a CSV file
          </label>
          <label class="check">
            <input type="radio" name="source" value="contacts" checked={source === 'contacts'} onChange={() => (setSource('contacts'), setRecipients(null))} /> From contacts
          </label>
          {source === 'csv' ? <CsvSource onRecipients={setRecipients} /> : <ContactsSource onRecipients={setRecipients} />}
        </fieldset>
        {recipients && <RecipientsSummary recipients={recipients} message={message} sessionId={sessionId} />}
        <ErrorText error={error} />
        <FormButtons busy={busy} disabled={!recipients?.list.length} onCancel={() => navigate('/broadcasts')}>
          {busy ? 'Starting…' : recipients?.list.length ? `Start the broadcast to ${plural(recipients.list.length, 'recipient')}` : 'Start the broadcast'}
        </FormButtons>
      </form>
    </Page>
  );
}

function CsvSource({ onRecipients }) {
  const [fileName, setFileName] = useState('');
  return (
    <div class="source-body">
      <Field label="CSV file" hint="A header row naming a phone column (phone, number or chatId) and optionally name; or rows of phone, name.">
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            if (!file) return onRecipients(null);
            setFileName(file.name);
            if (file.size > 2 * 1024 * 1024) return onRecipients({ list: [], problems: ['The file is larger than 2 MB.'], from: file.name });
            const { recipients, problems } = recipientsFromCsv(await file.text());
            return onRecipients({ list: recipients.slice(0, 5000), problems: recipients.length > 5000 ? [...problems, 'Only the first 5000 rows are used.'] : problems, from: file.name });
          }}
        />
      </Field>
      {fileName && <p class="muted small">Read from {fileName}.</p>}
    </div>
  );
}

function ContactsSource({ onRecipients }) {
  const { can } = useKey();
  const [stage, setStage] = useState('');
  const [tag, setTag] = useState('');
  const [run, { busy, error }] = useAction();
  if (!can('contacts:read')) return <p class="why">{scopeReason('contacts:read')} to pick recipients from contacts.</p>;
  const find = () =>
    run(async () => {
      const all = await allPages('/contacts', { stage, limit: 1000 });
      const wanted = tag.trim().toLowerCase();
      const picked = all.filter((c) => !wanted || c.tags.some((t) => t.toLowerCase() === wanted));
      onRecipients({
        list: picked.slice(0, 5000).map((c) => ({ chatId: c.phone, name: c.name })),
        problems: picked.length > 5000 ? ['Only the first 5000 contacts are used.'] : [],
        from: `contacts${stage ? ` in stage ${stage}` : ''}${wanted ? ` tagged ${wanted}` : ''}`,
      });
    });
  return (
    <div class="source-body">
      <div class="grid2">
        <Field label="Stage">
          <select value={stage} onChange={(e) => setStage(e.currentTarget.value)}>
            <option value="">Any stage</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tag" hint="Exact tag, any case; empty for all.">
          <input value={tag} onInput={(e) => setTag(e.currentTarget.value)} />
        </Field>
      </div>
      <ErrorText error={error} />
      <button type="button" class="secondary" disabled={busy} onClick={find}>
        {busy ? 'Finding…' : 'Use these contacts'}
      </button>
    </div>
  );
}

function RecipientsSummary({ recipients, message, sessionId }) {
  const { can } = useKey();
  const pacing = useResource(() => api.get(`/sessions/${seg(sessionId)}/pacing`).then((r) => r.data), [sessionId], { enabled: !!sessionId && can('sessions:read') });
  const { list, problems, from } = recipients;
  const samples = list.slice(0, 3);
  const p = pacing.data;
  const mean = p ? (p.minDelaySeconds + p.maxDelaySeconds) / 2 : null;
  return (
    <section class="summary" aria-label="Recipients and preview">
      <p role="status">
        <strong>{plural(list.length, 'recipient')}</strong> from {from}
        {problems.length > 0 && <span class="warn-text"> · {plural(problems.length, 'row')} skipped</span>}
      </p>
      {problems.length > 0 && (
        <ul class="problems small">
          {problems.slice(0, 5).map((pr, i) => (
            <li key={i}>{pr}</li>
          ))}
          {problems.length > 5 && <li>…and {problems.length - 5} more.</li>}
        </ul>
      )}
      {samples.length > 0 && (
        <>
          <h3>Preview</h3>
          <ul class="previews">
            {samples.map((r, i) => (
              <li key={i} class="preview">
                <p class="muted small">
                  To {r.name || 'no name'} · {phoneOf(r.chatId.includes('@') ? r.chatId : `${r.chatId}@s.whatsapp.net`)}
                </p>
                <p class="msg-text bubble">{renderTemplate(message, r.name)}</p>
              </li>
            ))}
            {usesName(message) && samples.every((r) => r.name) && (
              <li class="preview">
                <p class="muted small">To someone without a name</p>
                <p class="msg-text bubble">{renderTemplate(message, undefined)}</p>
              </li>
            )}
          </ul>
        </>
      )}
      {p && (
        <p class="muted small">
          Paced at {p.minDelaySeconds}–{p.maxDelaySeconds} s between messages, at most {p.dailyCap} a day
          {p.warmup.enabled && p.warmup.ramp.length ? ` (fewer while a new number warms up: ${p.warmup.ramp[0]} on its first day)` : ''}
          {p.quietHours.enabled ? `, not between ${p.quietHours.start} and ${p.quietHours.end} (${p.quietHours.timeZone})` : ''}: about{' '}
          {duration(mean * Math.max(0, list.length - 1))} if nothing waits.
        </p>
      )}
    </section>
  );
}

function BroadcastDetail({ id }) {
  const now = useNow(5000);
  const [final, setFinal] = useState(false);
  const b = useResource(() => api.get(`/broadcasts/${seg(id)}`).then((r) => r.data), [id], { interval: final ? 5000 : 1500 });
  useEffect(() => {
    if (b.data) setFinal(FINAL.includes(b.data.status));
  }, [b.data?.status]);
  const [run, { busy, error }] = useAction();
  const control = (verb, question) => () => {
    if (question && !confirm(question)) return;
    run(async () => {
      const r = await api.post(`/broadcasts/${seg(id)}/${verb}`, {});
      b.setData(r.data);
      b.reload();
    });
  };
  return (
    <Loaded resource={b} what="the broadcast">
      {(d) => (
        <Page
          title={d.name}
          actions={
            <a class="button secondary" href={href('/broadcasts')} onClick={(e) => onLinkClick(e, '/broadcasts')}>
              All broadcasts
            </a>
          }
        >
          <section class="panel" aria-label="Progress" data-broadcast={d.id} data-status={d.status}>
            <div class="card-head">
              <p>
                <Badge value={d.status} />
                {d.reason && <span class="muted"> — {REASONS[d.reason] ?? d.reason.replaceAll('_', ' ')}</span>}
                {d.reasonDetail && <span class="muted"> ({d.reasonDetail})</span>}
              </p>
              <p class="muted small">
                from <span class="mono">{d.sessionId}</span> · created {dateTime(d.createdAt)}
              </p>
            </div>
            <Progress b={d} />
            <dl class="counts">
              {[
                ['Sent', d.progress.sent],
                ['Delivered', d.progress.delivered],
                ['Read', d.progress.read],
                ['Failed', d.progress.failed],
                ['Skipped', d.progress.skipped],
                ['Pending', d.progress.pending],
              ].map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd data-count={k.toLowerCase()}>{v}</dd>
                </div>
              ))}
            </dl>
            <p class="muted small" aria-live="polite">
              {FINAL.includes(d.status)
                ? d.finishedAt
                  ? `Finished ${dateTime(d.finishedAt)}.`
                  : ''
                : d.status === 'paused'
                  ? 'Paused: nothing is sent until it is resumed.'
                  : d.estimatedFinishAt
                    ? `Estimated finish ${relative(d.estimatedFinishAt, now)} (${dateTime(d.estimatedFinishAt)}), if nothing changes.`
                    : ''}
              {d.nextSendAt && !FINAL.includes(d.status) && ` Next message ${relative(d.nextSendAt, now)}.`}
              {d.duplicatesRemoved > 0 && ` ${plural(d.duplicatesRemoved, 'duplicate')} removed.`}
            </p>
            <ErrorText error={error} />
            {!FINAL.includes(d.status) && (
              <div class="row wrap">
                {d.status === 'paused' ? (
                  <Action scope="broadcasts:write" busy={busy} onClick={control('resume')}>
                    Resume
                  </Action>
                ) : (
                  <Action scope="broadcasts:write" class="secondary" busy={busy} onClick={control('pause')}>
                    Pause
                  </Action>
                )}
                <Action scope="broadcasts:write" class="danger" busy={busy} onClick={control('cancel', 'Cancel this broadcast? Recipients not reached yet will not get it.')}>
                  Cancel broadcast
                </Action>
              </div>
            )}
            <details>
              <summary>Message</summary>
              <p class="msg-text bubble">{d.message}</p>
            </details>
          </section>
          <Recipients id={d.id} live={!FINAL.includes(d.status)} />
        </Page>
      )}
    </Loaded>
  );
}

function Recipients({ id, live }) {
  const [status, setStatus] = useState('');
  const [more, setMore] = useState({ items: [], cursor: null });
  const page = useResource(
    async () => {
      const r = await api.get(`/broadcasts/${seg(id)}/recipients`, { status, limit: 100 });
      setMore((m) => (m.items.length ? m : { items: [], cursor: r.nextCursor }));
      return r;
    },
    [id, status],
    { interval: live ? 4000 : 10000 },
  );
  useEffect(() => setMore({ items: [], cursor: null }), [status]);
  const [run, exportState] = useAction();
  const exportCsv = () =>
    run(async () => {
      const blob = await api.blob(`/broadcasts/${seg(id)}/recipients.csv`, { status });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${id}-recipients${status ? `-${status}` : ''}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    });
  const loadMore = async () => {
    const r = await api.get(`/broadcasts/${seg(id)}/recipients`, { status, limit: 100, cursor: more.cursor ?? page.data?.nextCursor });
    setMore((m) => ({ items: [...m.items, ...r.data], cursor: r.nextCursor }));
  };
  const rows = useMemo(() => [...(page.data?.data ?? []), ...more.items], [page.data, more.items]);
  const cursor = more.items.length ? more.cursor : page.data?.nextCursor;
  return (
    <section class="panel" aria-labelledby="recipients-title">
      <div class="card-head">
        <h2 id="recipients-title">Recipients</h2>
        <div class="row wrap">
          <label class="inline">
            <span class="label">Status</span>
            <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              <option value="">All</option>
              {RECIPIENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="secondary" disabled={exportState.busy} onClick={exportCsv}>
            {exportState.busy ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>
      <ErrorText error={exportState.error} />
      <Loaded resource={page} what="recipients">
        {() =>
          rows.length === 0 ? (
            <Empty>No recipient {status ? `is ${status}` : 'yet'}.</Empty>
          ) : (
            <div class="table-wrap">
              <table class="recipients">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Name</th>
                    <th scope="col">Number</th>
                    <th scope="col">Status</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.index} data-recipient={r.index} data-status={r.status}>
                      <td>{r.index + 1}</td>
                      <td>{r.name ?? ''}</td>
                      <td class="mono">{phoneOf(r.chatId)}</td>
                      <td>
                        <Badge value={r.status} />
                        {r.reason && <span class="muted small"> {r.reason.replaceAll('_', ' ')}</span>}
                      </td>
                      <td class="small muted">{r.updatedAt ? dateTime(r.updatedAt) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {cursor && (
        <button type="button" class="secondary" onClick={loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}
