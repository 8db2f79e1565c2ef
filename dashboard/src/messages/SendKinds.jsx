// The composer's other kinds of message: a poll (question, 2 to 12 options, how many may be picked) and a location.
// Each is one small form around the same send: POST /messages with the kind's part, then the message shown at once
// as pending until the history holds it.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { ErrorText, Field, FormButtons, useAction, useAutoFocus } from '../components/ui.jsx';

function KindForm({ label, to, sessionId, replyTo, onSent, onCancel, build, children }) {
  const [run, { busy, error }] = useAction();
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const { part, type, body } = build();
      const r = await api.post('/messages', { to, ...(sessionId ? { from: sessionId } : {}), ...(replyTo ? { replyTo } : {}), ...part });
      onSent({ messageId: r.id, body, type, fromMe: true, timestamp: Math.floor(Date.now() / 1000), localStatus: 'queued' });
    });
  };
  return (
    <form class="kind-form" aria-label={label} onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onCancel())}>
      {children}
      <ErrorText error={error} />
      <FormButtons busy={busy} onCancel={onCancel}>
        {busy ? 'Sending…' : `Send ${label.toLowerCase()}`}
      </FormButtons>
    </form>
  );
}

const MAX_OPTIONS = 12;

function PollForm(props) {
  const [name, setName] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [selectable, setSelectable] = useState('1');
  const first = useAutoFocus();
  const setOption = (i, v) => setOptions(options.map((o, j) => (j === i ? v : o)));
  const build = () => ({
    part: { poll: { name: name.trim(), options: options.map((o) => o.trim()).filter(Boolean), selectableCount: Number(selectable) } },
    type: 'poll_creation',
    body: name.trim(),
  });
  return (
    <KindForm label="Poll" build={build} {...props}>
      <Field label="Question">
        <input ref={first} value={name} maxLength={255} required onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <fieldset>
        <legend>Options</legend>
        {options.map((o, i) => (
          <div class="row option" key={i}>
            <input aria-label={`Option ${i + 1}`} value={o} maxLength={100} onInput={(e) => setOption(i, e.currentTarget.value)} />
            {options.length > 2 && (
              <button type="button" class="secondary small" aria-label={`Remove option ${i + 1}`} onClick={() => setOptions(options.filter((_, j) => j !== i))}>
                ✕
              </button>
            )}
          </div>
        ))}
        {options.length < MAX_OPTIONS && (
          <button type="button" class="secondary small" onClick={() => setOptions([...options, ''])}>
            Add an option
          </button>
        )}
      </fieldset>
      <Field label="Answers allowed">
        <select value={selectable} onChange={(e) => setSelectable(e.currentTarget.value)}>
          <option value="1">One</option>
          {options.slice(1).map((_, i) => (
            <option key={i} value={String(i + 2)}>
              Up to {i + 2}
            </option>
          ))}
          <option value="0">Any number</option>
        </select>
      </Field>
    </KindForm>
  );
}

function LocationForm(props) {
  const [form, setForm] = useState({ latitude: '', longitude: '', name: '', address: '' });
  const first = useAutoFocus();
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const build = () => {
    const text = (v) => v.trim() || undefined;
    const location = { latitude: Number(form.latitude), longitude: Number(form.longitude), name: text(form.name), address: text(form.address) };
    return { part: { location }, type: 'location', body: location.name ?? `${location.latitude},${location.longitude}` };
  };
  return (
    <KindForm label="Location" build={build} {...props}>
      <div class="grid2">
        <Field label="Latitude">
          <input ref={first} type="number" step="any" min="-90" max="90" required value={form.latitude} onInput={set('latitude')} />
        </Field>
        <Field label="Longitude">
          <input type="number" step="any" min="-180" max="180" required value={form.longitude} onInput={set('longitude')} />
        </Field>
        <Field label="Place name (optional)">
          <input maxLength={256} value={form.name} onInput={set('name')} />
        </Field>
        <Field label="Address (optional)">
          <input maxLength={512} value={form.address} onInput={set('address')} />
        </Field>
      </div>
    </KindForm>
  );
}

export const SEND_KINDS = [
  { id: 'poll', label: 'Poll', Form: PollForm },
  { id: 'location', label: 'Location', Form: LocationForm },
];
