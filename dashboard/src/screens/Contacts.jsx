// Contacts: search (name, email, phone), filter by stage, create, edit, delete.
import { useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { useDebounced, useResource } from '../lib/poll.js';
import { Action, Badge, Empty, ErrorText, Field, FormButtons, Loaded, Page, useAction, useAutoFocus } from '../components/ui.jsx';

export const STAGES = ['lead', 'active', 'customer', 'vip', 'churned'];

export function ContactsScreen() {
  const [q, setQ] = useState('');
  const [stage, setStage] = useState('');
  const query = useDebounced(q.trim(), 300);
  const [editing, setEditing] = useState(null); // null | 'new' | contact
  const [more, setMore] = useState({ items: [], cursor: null });
  const contacts = useResource(
    async () => {
      const r = await api.get('/contacts', { q: query, stage, limit: 50 });
      setMore({ items: [], cursor: r.nextCursor });
      return r.data;
    },
    [query, stage],
  );
  const loadMore = async () => {
    const r = await api.get('/contacts', { q: query, stage, limit: 50, cursor: more.cursor });
    setMore((m) => ({ items: [...m.items, ...r.data], cursor: r.nextCursor }));
  };
  const done = () => (setEditing(null), contacts.reload());
  return (
    <Page title="Contacts" actions={<Action scope="contacts:write" onClick={() => setEditing('new')}>New contact</Action>}>
      <form class="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search">
          <input type="search" value={q} placeholder="Name, email or phone" onInput={(e) => setQ(e.currentTarget.value)} />
        </Field>
        <Field label="Stage">
          <select value={stage} onChange={(e) => setStage(e.currentTarget.value)}>
            <option value="">All stages</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {editing && <ContactForm contact={editing === 'new' ? null : editing} onDone={done} onCancel={() => setEditing(null)} />}
      <Loaded resource={contacts} what="contacts">
        {(items) => {
          const all = [...items, ...more.items];
          return all.length === 0 ? (
            <Empty>{query || stage ? 'No contact matches.' : 'No contacts yet.'}</Empty>
          ) : (
            <>
              <ul class="cards" aria-label="Contacts">
                {all.map((c) => (
                  <ContactCard key={c.id} contact={c} onEdit={() => setEditing(c)} onDeleted={contacts.reload} />
                ))}
              </ul>
              {more.cursor && (
                <button type="button" class="secondary" onClick={loadMore}>
                  Load more
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

function ContactCard({ contact: c, onEdit, onDeleted }) {
  const [run, { busy, error }] = useAction();
  return (
    <li class="card" data-contact={c.id}>
      <div class="card-head">
        <div>
          <h2 class="card-title">{c.name}</h2>
          <p class="muted small">
            <span class="mono">+{c.phone}</span>
            {c.email && <span> · {c.email}</span>}
            {c.company && <span> · {c.company}</span>}
            {c.location && <span> · {c.location}</span>}
          </p>
        </div>
        <Badge value={c.lifecycle} />
      </div>
      {(c.tags.length > 0 || c.owner || c.lifetimeValue) && (
        <p class="small">
          {c.tags.map((t) => (
            <span key={t} class="tag">
              {t}
            </span>
          ))}
          {c.owner && <span class="muted"> Owner: {c.owner}</span>}
          {c.lifetimeValue && <span class="muted"> · Value: {c.lifetimeValue}</span>}
        </p>
      )}
      {c.notes && <p class="notes small">{c.notes}</p>}
      <ErrorText error={error} />
      <div class="row">
        <Action scope="contacts:write" class="secondary" onClick={onEdit}>
          Edit
        </Action>
        <Action
          scope="contacts:write"
          class="danger"
          busy={busy}
          onClick={() => confirm(`Delete the contact ${c.name}?`) && run(async () => (await api.del(`/contacts/${seg(c.id)}`), onDeleted()))}
        >
          Delete
        </Action>
      </div>
    </li>
  );
}

const FIELDS = ['name', 'phone', 'email', 'company', 'location', 'owner', 'lifetimeValue', 'notes'];

function ContactForm({ contact, onDone, onCancel }) {
  const [form, setForm] = useState(() => ({
    ...Object.fromEntries(FIELDS.map((f) => [f, contact?.[f] ?? ''])),
    tags: (contact?.tags ?? []).join(', '),
    lifecycle: contact?.lifecycle ?? 'lead',
  }));
  const [run, { busy, error }] = useAction();
  const first = useAutoFocus();
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const submit = (e) => {
    e.preventDefault();
    const body = { lifecycle: form.lifecycle, tags: form.tags.split(',').map((t) => t.trim()).filter(Boolean) };
    for (const f of FIELDS) {
      const v = form[f].trim();
      if (contact) body[f] = v === '' ? null : v; // PATCH: empty clears an optional field
      else if (v !== '') body[f] = v;
    }
    run(async () => {
      if (contact) await api.patch(`/contacts/${seg(contact.id)}`, body);
      else await api.post('/contacts', body);
      onDone();
    });
  };
  return (
    <form class="panel form" onSubmit={submit} aria-label={contact ? `Edit ${contact.name}` : 'New contact'}>
      <h2>{contact ? `Edit ${contact.name}` : 'New contact'}</h2>
      <div class="grid2">
        <Field label="Name *">
          <input ref={first} value={form.name} onInput={set('name')} required maxLength={200} />
        </Field>
        <Field label="Phone *" hint="With country code.">
          <input type="tel" value={form.phone} onInput={set('phone')} required />
        </Field>
        <Field label="Email">
          <input type="email" value={form.email} onInput={set('email')} />
        </Field>
        <Field label="Company">
          <input value={form.company} onInput={set('company')} />
        </Field>
        <Field label="Location">
          <input value={form.location} onInput={set('location')} />
        </Field>
        <Field label="Owner" hint="The agent or rep responsible.">
          <input value={form.owner} onInput={set('owner')} />
        </Field>
        <Field label="Stage">
          <select value={form.lifecycle} onChange={set('lifecycle')}>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Lifetime value" hint="Free text, e.g. ₹12,000.">
          <input value={form.lifetimeValue} onInput={set('lifetimeValue')} />
        </Field>
        <Field label="Tags" hint="Separated by commas." wide>
          <input value={form.tags} onInput={set('tags')} />
        </Field>
        <Field label="Notes" wide>
          <textarea rows={3} value={form.notes} onInput={set('notes')} />
        </Field>
      </div>
      <ErrorText error={error} />
      <FormButtons busy={busy} onCancel={onCancel}>
        {contact ? 'Save' : 'Create contact'}
      </FormButtons>
    </form>
  );
}
