// Analytics: the inbox's figures for a range of days (GET /analytics/overview: conversations opened and resolved,
// messages in and out, first response and resolution times; in total, per day, per agent), cut into days in this
// browser's time zone, and each broadcast's funnel (GET /analytics/broadcasts). Bars are plain CSS widths.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';
import { duration } from '../lib/format.js';
import { Badge, Empty, Field, Loaded, Page } from '../components/ui.jsx';

const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const localDate = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const daysFrom = (date, n) => {
  const d = new Date(`${date}T12:00:00`);
  d.setDate(d.getDate() + n);
  return localDate(d);
};

export function AnalyticsScreen() {
  const { can } = useKey();
  const today = localDate(new Date());
  const [range, setRange] = useState({ from: daysFrom(today, -6), to: today, sessionId: '' });
  const sessions = useResource(() => api.get('/sessions').then((r) => r.data), [], { enabled: can('sessions:read') });
  // The API's `to` is exclusive; the form's last day is included.
  const overview = useResource(
    () => api.get('/analytics/overview', { from: range.from, to: daysFrom(range.to, 1), timezone: ZONE, sessionId: range.sessionId }).then((r) => r.data),
    [range],
    { interval: 30000 },
  );
  const broadcasts = useResource(() => api.get('/analytics/broadcasts', { limit: 20 }).then((r) => r.data), [], { interval: 30000 });
  const set = (k) => (e) => setRange({ ...range, [k]: e.currentTarget.value });
  return (
    <Page title="Analytics">
      <form class="toolbar" aria-label="Range" onSubmit={(e) => e.preventDefault()}>
        <Field label="From">
          <input type="date" value={range.from} max={range.to} onChange={set('from')} />
        </Field>
        <Field label="To (included)">
          <input type="date" value={range.to} min={range.from} onChange={set('to')} />
        </Field>
        {sessions.data?.length > 0 && (
          <Field label="Number">
            <select value={range.sessionId} onChange={set('sessionId')}>
              <option value="">Every number</option>
              {sessions.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name || (s.phone ? `+${s.phone}` : s.id)}
                </option>
              ))}
            </select>
          </Field>
        )}
      </form>
      <p class="muted small">Days in {ZONE}.</p>
      <Loaded resource={overview} what="figures">
        {(o) => <Overview overview={o} />}
      </Loaded>
      <section aria-labelledby="broadcast-figures">
        <h2 id="broadcast-figures">Broadcasts</h2>
        <Loaded resource={broadcasts} what="broadcast figures">
          {(items) => (items.length === 0 ? <Empty>No broadcasts yet.</Empty> : <BroadcastTable items={items} />)}
        </Loaded>
      </section>
    </Page>
  );
}

const time = (d) => (d.p50Seconds === null ? '—' : duration(d.p50Seconds));

function Overview({ overview: o }) {
  const t = o.totals;
  const figures = [
    ['conversationsOpened', 'Conversations opened', t.conversationsOpened],
    ['conversationsResolved', 'Conversations resolved', t.conversationsResolved],
    ['messagesIn', 'Messages in', t.messagesIn],
    ['messagesOut', 'Messages out', t.messagesOut],
    ['firstResponse', 'First response (median)', time(t.firstResponse), t.firstResponse, 'answered'],
    ['resolution', 'Resolution (median)', time(t.resolution), t.resolution, 'resolved'],
  ];
  const busiest = Math.max(1, ...o.days.map((d) => Math.max(d.figures.messagesIn, d.figures.messagesOut)));
  return (
    <>
      <dl class="counts figures" aria-label="Totals">
        {figures.map(([key, label, value, d, counted]) => (
          <div key={key} data-figure={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
            {d && <dd class="muted small">{d.count ? `${d.count} ${counted}; 90% within ${duration(d.p90Seconds)}` : `none ${counted} yet`}</dd>}
          </div>
        ))}
      </dl>
      <h2>Per day</h2>
      <div class="table-wrap">
        <table class="per-day">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Messages in / out</th>
              <th scope="col">Opened</th>
              <th scope="col">Resolved</th>
            </tr>
          </thead>
          <tbody>
            {o.days.map(({ date, figures: f }) => (
              <tr key={date} data-day={date}>
                <th scope="row">{date}</th>
                <td>
                  <Bar value={f.messagesIn} of={busiest} label="in" />
                  <Bar value={f.messagesOut} of={busiest} label="out" tone="out" />
                </td>
                <td>{f.conversationsOpened}</td>
                <td>{f.conversationsResolved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Per agent</h2>
      {o.agents.length === 0 ? (
        <Empty>No conversations in this range.</Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Opened</th>
                <th scope="col">Resolved</th>
                <th scope="col">In</th>
                <th scope="col">Out</th>
                <th scope="col">First response</th>
                <th scope="col">Resolution</th>
              </tr>
            </thead>
            <tbody>
              {o.agents.map(({ agentId, name, figures: f }) => (
                <tr key={agentId ?? '-'} data-agent={agentId ?? ''}>
                  <th scope="row">{agentId ? name ?? agentId : 'Unassigned'}</th>
                  <td>{f.conversationsOpened}</td>
                  <td>{f.conversationsResolved}</td>
                  <td>{f.messagesIn}</td>
                  <td>{f.messagesOut}</td>
                  <td>{time(f.firstResponse)}</td>
                  <td>{time(f.resolution)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** A number with a bar as wide as its share of `of`; the width is set through the CSSOM (the CSP allows it). */
function Bar({ value, of, label, tone = '' }) {
  return (
    <span class={`bar-line ${tone}`}>
      <span class="bar" style={{ width: `${(100 * value) / Math.max(1, of)}%` }} />
      <span class="bar-value">
        {value} {label}
      </span>
    </span>
  );
}

const FUNNEL = [
  ['sent', 'Sent'],
  ['delivered', 'Delivered'],
  ['read', 'Read'],
  ['repliedWithin24h', 'Replied (24 h)'],
  ['failed', 'Failed'],
];

function BroadcastTable({ items }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Broadcast</th>
            <th scope="col">Recipients</th>
            {FUNNEL.map(([key, label]) => (
              <th key={key} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.id} data-broadcast={b.id}>
              <th scope="row">
                {b.name} <Badge value={b.status} />
              </th>
              <td>{b.total}</td>
              {FUNNEL.map(([key]) => (
                <td key={key} data-figure={key}>
                  <Bar value={b[key]} of={b.total} label="" tone={key === 'failed' ? 'bad' : ''} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
