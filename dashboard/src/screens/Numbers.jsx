// Numbers: the linked WhatsApp numbers (sessions) with live status, linking by QR or pairing code, connection
// commands and each number's broadcast pacing.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { useResource, useNow } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';
import { phoneOf, duration } from '../lib/format.js';
import { Action, Badge, Empty, ErrorText, Field, FormButtons, Loaded, Page, SettingsButtons, useAction, useAutoFocus } from '../components/ui.jsx';
import { Routing } from '../inbox/Routing.jsx';

const LINKING = ['starting', 'qr', 'connecting'];
const STATUS_TEXT = {
  new: 'Not linked yet',
  starting: 'Starting…',
  qr: 'Waiting for the QR code to be scanned',
  connecting: 'Connecting…',
  ready: 'Connected and ready',
  disconnected: 'Disconnected',
  logged_out: 'Logged out (unlinked from the phone)',
  failed: 'Failed',
};

export function NumbersScreen() {
  const sessions = useResource(() => api.get('/sessions').then((r) => r.data), [], { interval: 2500 });
  const [adding, setAdding] = useState(false);
  return (
    <Page
      title="Numbers"
      actions={
        <Action scope="sessions:write" onClick={() => setAdding(true)}>
          Add a number
        </Action>
      }
    >
      {adding && <AddNumber onDone={(created) => (setAdding(false), created && sessions.reload())} />}
      <Loaded resource={sessions} what="numbers">
        {(list) =>
          list.length === 0 ? (
            <Empty>No numbers yet. Add one and scan its QR code with WhatsApp on the phone (Settings › Linked devices).</Empty>
          ) : (
            <ul class="cards" aria-label="Numbers">
              {list.map((s) => (
                <SessionCard key={s.id} session={s} reload={sessions.reload} />
              ))}
            </ul>
          )
        }
      </Loaded>
    </Page>
  );
}

function AddNumber({ onDone }) {
  const [name, setName] = useState('');
  const [run, { busy, error }] = useAction();
  const first = useAutoFocus();
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const created = await api.post('/sessions', name.trim() ? { name: name.trim() } : {});
      await api.post(`/sessions/${seg(created.data.id)}/connect`, {});
      onDone(created.data);
    });
  };
  return (
    <form class="panel form" onSubmit={submit} aria-label="Add a number">
      <h2>Add a number</h2>
      <Field label="Name (optional)" hint="For you only, e.g. “Sales” or “Support line”.">
        <input ref={first} value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <ErrorText error={error} />
      <FormButtons busy={busy} onCancel={() => onDone(null)}>
        {busy ? 'Adding…' : 'Add and show the QR code'}
      </FormButtons>
    </form>
  );
}

function SessionCard({ session: s, reload }) {
  const { can } = useKey();
  const [panel, setPanel] = useState(null); // 'pairing' | 'pacing' | 'routing' | null
  const [run, { busy, error }] = useAction();
  const command = (verb, confirmText) => () => {
    if (confirmText && !confirm(confirmText)) return;
    run(async () => {
      if (verb === 'delete') await api.del(`/sessions/${seg(s.id)}`);
      else await api.post(`/sessions/${seg(s.id)}/${verb}`, {});
      await reload();
    });
  };
  const linking = LINKING.includes(s.status);
  const title = s.name || phoneOf(s.phone ? `${s.phone}@s.whatsapp.net` : '') || s.id;
  return (
    <li class="card session" data-session={s.id} data-status={s.status}>
      <div class="card-head">
        <div>
          <h2 class="card-title">{title}</h2>
          <p class="muted small">
            {s.phone && <span>+{s.phone} · </span>}
            {s.pushName && <span>{s.pushName} · </span>}
            <span class="mono">{s.id}</span>
          </p>
        </div>
        <Badge value={s.status} />
      </div>
      <p class="status-line" aria-live="polite">
        {s.pairingCode && s.status !== 'ready' ? 'Waiting for the pairing code to be entered on the phone' : STATUS_TEXT[s.status] ?? s.status}
        {s.reason && <span class="muted"> — {s.reason.replaceAll('_', ' ')}</span>}
      </p>
      {s.warning && (
        <p class="banner warn">
          {s.warning.kind.replaceAll('_', ' ')}: {s.warning.detail}
          {s.warning.until && <span> (until {new Date(s.warning.until * 1000).toLocaleString()})</span>}
        </p>
      )}
      {(linking || s.pairingCode) && s.status !== 'ready' && (
        <div class="linking">
          {s.pairingCode ? <PairingCode code={s.pairingCode} /> : <LiveQr sessionId={s.id} status={s.status} />}
        </div>
      )}
      <ErrorText error={error} />
      <div class="row wrap">
        {s.status !== 'ready' && !linking && (
          <Action scope="sessions:write" busy={busy} onClick={command('connect')}>
            Connect
          </Action>
        )}
        {s.status !== 'ready' && (
          <Action scope="sessions:write" class="secondary" onClick={() => setPanel(panel === 'pairing' ? null : 'pairing')} aria-expanded={panel === 'pairing' ? 'true' : 'false'}>
            Link with a phone number
          </Action>
        )}
        {(s.status === 'ready' || linking) && (
          <Action scope="sessions:write" class="secondary" busy={busy} onClick={command('disconnect')}>
            {s.status === 'ready' ? 'Disconnect' : 'Stop'}
          </Action>
        )}
        {s.status === 'ready' && (
          <Action scope="sessions:write" class="secondary" busy={busy} onClick={command('logout', 'Log out this number? It is unlinked from the phone and needs a new QR scan.')}>
            Log out
          </Action>
        )}
        <button type="button" class="secondary" onClick={() => setPanel(panel === 'pacing' ? null : 'pacing')} aria-expanded={panel === 'pacing' ? 'true' : 'false'}>
          Pacing
        </button>
        <button type="button" class="secondary" onClick={() => setPanel(panel === 'routing' ? null : 'routing')} aria-expanded={panel === 'routing' ? 'true' : 'false'}>
          Routing
        </button>
        <Action scope="sessions:write" class="danger" busy={busy} onClick={command('delete', `Delete ${title}? It is logged out; its chats are kept.`)}>
          Delete
        </Action>
      </div>
      {panel === 'pairing' && <PairingForm session={s} onDone={() => (setPanel(null), reload())} />}
      {panel === 'pacing' && <Pacing sessionId={s.id} canWrite={can('sessions:write')} onClose={() => setPanel(null)} />}
      {panel === 'routing' && <Routing sessionId={s.id} onClose={() => setPanel(null)} />}
    </li>
  );
}

/** The QR as the API renders it, fetched with the key into an object URL, replaced whenever the code rotates. */
function LiveQr({ sessionId, status }) {
  const now = useNow(1000);
  const [image, setImage] = useState(null); // { url, expiresAt, n }
  const shown = useRef({ qr: null, url: null, n: 0 });
  const qr = useResource(
    async () => {
      try {
        return (await api.get(`/sessions/${seg(sessionId)}/qr`)).data;
      } catch (e) {
        if (e.status === 404 || e.status === 409) return null; // none pending yet / already linked
        throw e;
      }
    },
    [sessionId],
    { interval: 2000 },
  );
  const current = qr.data;
  useEffect(() => {
    if (!current || current.qr === shown.current.qr) return undefined;
    let alive = true;
    const text = current.qr;
    api
      .blob(`/sessions/${seg(sessionId)}/qr`, { format: 'png' })
      .then((blob) => {
        if (!alive) return;
        if (shown.current.url) URL.revokeObjectURL(shown.current.url);
        const url = URL.createObjectURL(blob);
        shown.current = { qr: text, url, n: shown.current.n + 1 };
        setImage({ url, expiresAt: current.expiresAt, n: shown.current.n });
      })
      .catch(() => {});
    return () => {
      alive = false;
    };
  }, [current?.qr, sessionId]);
  useEffect(() => () => shown.current.url && URL.revokeObjectURL(shown.current.url), []);

  if (!image) return <p class="muted">{status === 'qr' ? 'Fetching the QR code…' : 'Waiting for a QR code from WhatsApp…'}</p>;
  const left = image.expiresAt - now / 1000;
  return (
    <figure class="qr">
      <img src={image.url} data-qr-version={image.n} width="264" height="264" alt="QR code to link this number: scan it with WhatsApp on the phone" />
      <figcaption>
        On the phone: WhatsApp › Settings › <strong>Linked devices</strong> › Link a device, then scan this code.
        <span class="muted small" aria-live="off">
          {' '}
          {left > 0 ? `It changes by itself; this one is valid for ${duration(left)}.` : 'Getting a fresh code…'}
        </span>
      </figcaption>
    </figure>
  );
}

function PairingCode({ code }) {
  const shown = code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
  return (
    <div class="pairing">
      <p>Enter this code on the phone: WhatsApp › Settings › Linked devices › Link a device › Link with phone number instead.</p>
      <p class="pairing-code mono" aria-label={`Pairing code ${shown.split('').join(' ')}`}>
        {shown}
      </p>
    </div>
  );
}

function PairingForm({ session, onDone }) {
  const [phone, setPhone] = useState(session.phone ?? '');
  const [run, { busy, error }] = useAction();
  const first = useAutoFocus();
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      await api.post(`/sessions/${seg(session.id)}/connect`, { pairingPhone: phone });
      onDone();
    });
  };
  return (
    <form class="panel form" onSubmit={submit} aria-label="Link with a phone number">
      <Field label="The number's phone number, with country code" hint="A pairing code appears here to type into WhatsApp on that phone.">
        <input ref={first} type="tel" inputMode="tel" autoComplete="off" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} required placeholder="+91 98123 45678" />
      </Field>
      <ErrorText error={error} />
      <div class="row">
        <button type="submit" disabled={busy}>
          Get a pairing code
        </button>
      </div>
    </form>
  );
}

const DEFAULTS = {
  minDelaySeconds: 10,
  maxDelaySeconds: 30,
  dailyCap: 200,
  quietHours: { enabled: true, start: '21:00', end: '08:00', timeZone: 'UTC' },
  typing: true,
  warmup: { enabled: true, startDate: null, ramp: [20, 30, 50, 80, 120, 160, 200] },
};

const toForm = (p) => ({
  minDelaySeconds: String(p.minDelaySeconds),
  maxDelaySeconds: String(p.maxDelaySeconds),
  dailyCap: String(p.dailyCap),
  quietEnabled: p.quietHours.enabled,
  quietStart: p.quietHours.start,
  quietEnd: p.quietHours.end,
  timeZone: p.quietHours.timeZone,
  typing: p.typing,
  warmupEnabled: p.warmup.enabled,
  warmupStart: p.warmup.startDate ?? '',
  ramp: p.warmup.ramp.join(', '),
});

/** Pacing: how broadcasts from this number are spaced and capped. The defaults and why (functions/Broadcasts/PACING.md). */
function Pacing({ sessionId, canWrite, onClose }) {
  const pacing = useResource(() => api.get(`/sessions/${seg(sessionId)}/pacing`).then((r) => r.data), [sessionId]);
  const [form, setForm] = useState(null);
  const [saved, setSaved] = useState(false);
  const [run, { busy, error }] = useAction();
  useEffect(() => {
    if (pacing.data && !form) setForm(toForm(pacing.data));
  }, [pacing.data]);
  if (!form) return <Loaded resource={pacing} what="pacing">{() => null}</Loaded>;
  const set = (k) => (e) => (setSaved(false), setForm({ ...form, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value }));
  const num = (v) => (v.trim() === '' ? undefined : Number(v));
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const body = {
        minDelaySeconds: num(form.minDelaySeconds),
        maxDelaySeconds: num(form.maxDelaySeconds),
        dailyCap: num(form.dailyCap),
        quietHours: { enabled: form.quietEnabled, start: form.quietStart, end: form.quietEnd, timeZone: form.timeZone.trim() },
        typing: form.typing,
        warmup: {
          enabled: form.warmupEnabled,
          startDate: form.warmupStart || null,
          ramp: form.ramp
            .split(/[,\s]+/)
            .filter(Boolean)
            .map(Number),
        },
      };
      const r = await api.patch(`/sessions/${seg(sessionId)}/pacing`, body);
      setForm(toForm(r.data));
      setSaved(true);
    });
  };
  return (
    <form class="panel form pacing" onSubmit={submit} aria-label="Pacing settings">
      <h3>Broadcast pacing</h3>
      <p class="muted small">
        WhatsApp publishes no limits for linked devices. These defaults are the cautious end of community guidance: random
        delays, a small daily volume, a slow ramp for new numbers, no sending at night.
      </p>
      <fieldset disabled={!canWrite}>
        <div class="grid2">
          <Field label="Shortest delay (s)" hint="Default 10 s. Each next message waits a random delay; production refuses under 3 s.">
            <input type="number" min="0" step="any" value={form.minDelaySeconds} onInput={set('minDelaySeconds')} />
          </Field>
          <Field label="Longest delay (s)" hint="Default 30 s. Fixed, regular gaps are a ban signal; a range looks human.">
            <input type="number" min="0" step="any" value={form.maxDelaySeconds} onInput={set('maxDelaySeconds')} />
          </Field>
          <Field label="Daily cap" hint="Default 200 a day, broadcasts and direct sends together, per calendar day in the time zone below.">
            <input type="number" min="1" step="1" value={form.dailyCap} onInput={set('dailyCap')} />
          </Field>
          <Field label="Time zone (IANA)" hint="Default UTC. Set your customers' zone, e.g. Asia/Kolkata: quiet hours and the cap's day follow it.">
            <input value={form.timeZone} onInput={set('timeZone')} />
          </Field>
        </div>
        <label class="check">
          <input type="checkbox" checked={form.quietEnabled} onChange={set('quietEnabled')} /> Quiet hours: no broadcast messages at night (default on, 21:00–08:00)
        </label>
        <div class="grid2">
          <Field label="Quiet from">
            <input type="time" value={form.quietStart} onInput={set('quietStart')} disabled={!form.quietEnabled} />
          </Field>
          <Field label="Quiet until">
            <input type="time" value={form.quietEnd} onInput={set('quietEnd')} disabled={!form.quietEnabled} />
          </Field>
        </div>
        <label class="check">
          <input type="checkbox" checked={form.typing} onChange={set('typing')} /> Show “typing…” before each message (default on; 60 ms a character, 1–8 s)
        </label>
        <label class="check">
          <input type="checkbox" checked={form.warmupEnabled} onChange={set('warmupEnabled')} /> Warm-up: a new number sends little at first (default on)
        </label>
        <div class="grid2">
          <Field label="Warm-up start (optional)" hint="Default: the day the number was added.">
            <input type="date" value={form.warmupStart} onInput={set('warmupStart')} disabled={!form.warmupEnabled} />
          </Field>
          <Field label="Daily caps while warming up" hint="Default 20, 30, 50, 80, 120, 160, 200: day 1, day 2, …">
            <input value={form.ramp} onInput={set('ramp')} disabled={!form.warmupEnabled} />
          </Field>
        </div>
      </fieldset>
      <SettingsButtons scope="sessions:write" canWrite={canWrite} busy={busy} error={error} saved={saved} saveLabel="Save pacing" onClose={onClose}>
        <button type="button" class="secondary" onClick={() => (setSaved(false), setForm(toForm(DEFAULTS)))}>
          Back to the defaults
        </button>
      </SettingsButtons>
    </form>
  );
}

