// A number's routing (GET/PATCH /sessions/{id}/routing): business hours per weekday with holidays, the reply sent
// outside them, round robin of new conversations among online agents, and re-assignment away from agents offline too
// long. Each part is off while null; saving sends all four (a part's tag pools, not edited here, are kept as stored).
import { useEffect, useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';
import { useAgents } from '../lib/inbox.js';
import { Field, Loaded, scopeReason, SettingsButtons, useAction } from '../components/ui.jsx';

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];
const WEEKDAY_HOURS = Object.fromEntries(DAYS.map(([d]) => [d, d === 'sat' || d === 'sun' ? [] : [{ start: '09:00', end: '18:00' }]]));
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const toForm = (r) => ({
  hoursOn: !!r.businessHours,
  timeZone: r.businessHours?.timeZone ?? ZONE,
  days: { ...Object.fromEntries(DAYS.map(([d]) => [d, []])), ...(r.businessHours?.days ?? WEEKDAY_HOURS) },
  holidays: (r.businessHours?.holidays ?? []).join(', '),
  replyOn: !!r.offHoursReply,
  replyText: r.offHoursReply?.text ?? '',
  roundRobin: !!r.autoAssign,
  agentIds: r.autoAssign?.agentIds ?? [],
  byTag: r.autoAssign?.byTag ?? [],
  idleOn: !!r.idleReassign,
  idleMinutes: r.idleReassign ? String(r.idleReassign.afterSeconds / 60) : '15',
});

const toBody = (f) => ({
  businessHours: f.hoursOn ? { timeZone: f.timeZone.trim(), days: f.days, holidays: f.holidays.split(/[,\s]+/).filter(Boolean) } : null,
  offHoursReply: f.replyOn ? { text: f.replyText } : null,
  autoAssign: f.roundRobin ? { agentIds: f.agentIds.length ? f.agentIds : null, byTag: f.byTag } : null,
  idleReassign: f.idleOn ? { afterSeconds: Math.round(Number(f.idleMinutes) * 60) } : null,
});

export function Routing({ sessionId, onClose }) {
  const { can } = useKey();
  const routing = useResource(() => api.get(`/sessions/${seg(sessionId)}/routing`).then((r) => r.data), [sessionId]);
  const agents = useAgents();
  const [form, setForm] = useState(null);
  const [saved, setSaved] = useState(false);
  const [run, { busy, error }] = useAction();
  useEffect(() => {
    if (routing.data && !form) setForm(toForm(routing.data));
  }, [routing.data]);
  if (!form) return <Loaded resource={routing} what="routing">{() => null}</Loaded>;

  const canWrite = can('sessions:write');
  const change = (part) => (setSaved(false), setForm({ ...form, ...part }));
  const value = (k) => (e) => change({ [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const setRanges = (day, ranges) => change({ days: { ...form.days, [day]: ranges } });
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const r = await api.patch(`/sessions/${seg(sessionId)}/routing`, toBody(form));
      setForm(toForm(r.data));
      setSaved(true);
    });
  };
  return (
    <form class="panel form routing" onSubmit={submit} aria-label="Routing settings">
      <h3>Routing and business hours</h3>
      <fieldset disabled={!canWrite}>
        <label class="check">
          <input type="checkbox" checked={form.hoursOn} onChange={value('hoursOn')} /> Business hours (off: always open)
        </label>
        {form.hoursOn && (
          <>
            <Field label="Time zone (IANA)" hint="e.g. Asia/Kolkata; the hours below are local times there.">
              <input value={form.timeZone} onInput={value('timeZone')} required />
            </Field>
            <ul class="days" aria-label="Opening hours">
              {DAYS.map(([day, name]) => (
                <DayHours key={day} name={name} ranges={form.days[day]} onChange={(ranges) => setRanges(day, ranges)} />
              ))}
            </ul>
            <Field label="Holidays" hint="Closed all day: dates yyyy-mm-dd, separated by commas.">
              <input value={form.holidays} onInput={value('holidays')} placeholder="2025-08-15, 2025-10-02" />
            </Field>
          </>
        )}
        <label class="check">
          <input type="checkbox" checked={form.replyOn} onChange={value('replyOn')} /> Reply outside business hours (once a period per conversation)
        </label>
        {form.replyOn && (
          <Field label="Off-hours reply">
            <textarea rows={2} maxLength={4096} value={form.replyText} onInput={value('replyText')} required />
          </Field>
        )}
        <label class="check">
          <input type="checkbox" checked={form.roundRobin} onChange={value('roundRobin')} /> Round robin: assign new conversations in turn to online agents
        </label>
        {form.roundRobin &&
          (agents.data ? (
            <fieldset>
              <legend>Among (none ticked: every agent)</legend>
              {agents.data.map((a) => (
                <label key={a.id} class="check">
                  <input
                    type="checkbox"
                    checked={form.agentIds.includes(a.id)}
                    onChange={(e) => change({ agentIds: e.currentTarget.checked ? [...form.agentIds, a.id] : form.agentIds.filter((id) => id !== a.id) })}
                  />
                  {a.name} <span class="muted small">({a.status})</span>
                </label>
              ))}
            </fieldset>
          ) : (
            !can('agents:read') && <p class="why">{scopeReason('agents:read')} to choose agents; every agent takes turns.</p>
          ))}
        <label class="check">
          <input type="checkbox" checked={form.idleOn} onChange={value('idleOn')} /> Re-assign the open conversations of agents who stay offline
        </label>
        {form.idleOn && (
          <Field label="After (minutes offline)">
            <input type="number" min="1" step="1" value={form.idleMinutes} onInput={value('idleMinutes')} required />
          </Field>
        )}
      </fieldset>
      <SettingsButtons scope="sessions:write" canWrite={canWrite} busy={busy} error={error} saved={saved} saveLabel="Save routing" onClose={onClose} />
    </form>
  );
}

function DayHours({ name, ranges, onChange }) {
  const set = (i, k) => (e) => onChange(ranges.map((r, j) => (j === i ? { ...r, [k]: e.currentTarget.value } : r)));
  return (
    <li class="day" data-day={name}>
      <span class="day-name">{name}</span>
      {ranges.length === 0 && <span class="muted">Closed</span>}
      {ranges.map((r, i) => (
        <span class="range" key={i}>
          <input type="time" aria-label={`${name} opens${ranges.length > 1 ? ` (${i + 1})` : ''}`} value={r.start} onInput={set(i, 'start')} required />
          –
          <input type="time" aria-label={`${name} closes${ranges.length > 1 ? ` (${i + 1})` : ''}`} value={r.end} onInput={set(i, 'end')} required />
          <button type="button" class="secondary small" aria-label={`Remove ${name} hours${ranges.length > 1 ? ` (${i + 1})` : ''}`} onClick={() => onChange(ranges.filter((_, j) => j !== i))}>
            ✕
          </button>
        </span>
      ))}
      <button type="button" class="secondary small" aria-label={`Add ${name} hours`} onClick={() => onChange([...ranges, { start: '09:00', end: '18:00' }])}>
        Add hours
      </button>
    </li>
  );
}
