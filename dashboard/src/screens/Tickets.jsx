// Tickets: filter by status and assignee (the API's filters), search the loaded ones, create, edit.
import { useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { useDebounced, useResource } from '../lib/poll.js';
import { dateTime } from '../lib/format.js';
import { Action, Badge, Empty, ErrorText, Field, FormButtons, Loaded, Page, useAction, useAutoFocus } from '../components/ui.jsx';

const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'];
const PRIORITIES = ['urgent', 'high', 'med', 'low'];

export function TicketsScreen() {
  const [status, setStatus] = useState('');
  const [assigneeInput, setAssignee] = useState('');
  const [search, setSearch] = useState('');
  const assignee = useDebounced(assigneeInput.trim(), 300);
  const [editing, setEditing] = useState(null);
  const tickets = useResource(() => api.get('/tickets', { status, assignee, limit: 200 }).then((r) => r.data), [status, assignee]);
  const needle = search.trim().toLowerCase();
  const matches = (t) =>
    !needle || [t.ref, t.subject, t.customerName, t.customerPhone, t.assignee, t.tag].some((v) => v && v.toLowerCase().includes(needle));
  return (
    <Page title="Tickets" actions={<Action scope="tickets:write" onClick={() => setEditing('new')}>New ticket</Action>}>
      <form class="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search">
          <input type="search" value={search} placeholder="Subject, customer, ref" onInput={(e) => setSearch(e.currentTarget.value)} />
        </Field>
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Assignee">
          <input value={assigneeInput} placeholder="e.g. agent-7" onInput={(e) => setAssignee(e.currentTarget.value)} />
        </Field>
      </form>
      {editing && <TicketForm ticket={editing === 'new' ? null : editing} onDone={() => (setEditing(null), tickets.reload())} onCancel={() => setEditing(null)} />}
      <Loaded resource={tickets} what="tickets">
        {(items) => {
          const shown = items.filter(matches);
          return shown.length === 0 ? (
            <Empty>{items.length ? 'No ticket matches the search.' : 'No tickets.'}</Empty>
          ) : (
            <ul class="cards" aria-label="Tickets">
              {shown.map((t) => (
                <li key={t.id} class="card" data-ticket={t.id}>
                  <div class="card-head">
                    <div>
                      <h2 class="card-title">
                        <span class="mono muted">{t.ref}</span> {t.subject}
                      </h2>
                      <p class="muted small">
                        {t.customerName && <span>{t.customerName} · </span>}
                        {t.customerPhone && <span class="mono">{t.customerPhone} · </span>}
                        {t.assignee ? <span>Assigned to {t.assignee}</span> : <span>Unassigned</span>}
                        <span> · {t.tag}</span>
                        <span> · updated {dateTime(t.updatedAt)}</span>
                      </p>
                    </div>
                    <span class="badges">
                      <Badge value={t.priority} label={`priority ${t.priority}`} />
                      <Badge value={t.status} />
                    </span>
                  </div>
                  <div class="row">
                    <Action scope="tickets:write" class="secondary" onClick={() => setEditing(t)}>
                      Edit
                    </Action>
                  </div>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </Page>
  );
}

const TEXT = ['subject', 'customerName', 'customerPhone', 'assignee', 'tag'];

function TicketForm({ ticket, onDone, onCancel }) {
  const [form, setForm] = useState(() => ({
    ...Object.fromEntries(TEXT.map((f) => [f, ticket?.[f] ?? ''])),
    status: ticket?.status ?? 'open',
    priority: ticket?.priority ?? 'med',
  }));
  const [run, { busy, error }] = useAction();
  const first = useAutoFocus();
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const submit = (e) => {
    e.preventDefault();
    const body = { status: form.status, priority: form.priority };
    for (const f of TEXT) {
      const v = form[f].trim();
      if (ticket) {
        if (v !== (ticket[f] ?? '')) body[f] = v === '' ? null : v;
      } else if (v !== '') body[f] = v;
    }
    run(async () => {
      if (ticket) await api.patch(`/tickets/${seg(ticket.id)}`, body);
      else await api.post('/tickets', body);
      onDone();
    });
  };
  return (
    <form class="panel form" onSubmit={submit} aria-label={ticket ? `Edit ${ticket.ref}` : 'New ticket'}>
      <h2>{ticket ? `Edit ${ticket.ref}` : 'New ticket'}</h2>
      <div class="grid2">
        <Field label="Subject *" wide>
          <input ref={first} value={form.subject} onInput={set('subject')} required />
        </Field>
        <Field label="Customer name">
          <input value={form.customerName} onInput={set('customerName')} />
        </Field>
        <Field label="Customer phone">
          <input type="tel" value={form.customerPhone} onInput={set('customerPhone')} />
        </Field>
        <Field label="Status">
          <select value={form.status} onChange={set('status')}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Priority">
          <select value={form.priority} onChange={set('priority')}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Assignee">
          <input value={form.assignee} onInput={set('assignee')} />
        </Field>
        <Field label="Tag" hint="Source or category, e.g. chat.">
          <input value={form.tag} onInput={set('tag')} />
        </Field>
      </div>
      <ErrorText error={error} />
      <FormButtons busy={busy} onCancel={onCancel}>
        {ticket ? 'Save' : 'Create ticket'}
      </FormButtons>
    </form>
  );
}
