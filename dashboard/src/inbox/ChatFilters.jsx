// The inbox's filters over a number's chats: a status (or every chat), whose (anyone, mine, unassigned, one agent),
// only unread, one tag; each with its count from GET /chats/counts where the API keeps one.
import { STATUSES } from '../lib/inbox.js';

export const NO_FILTER = { status: '', assignee: '', unread: false, tag: '' };

/** The GET /chats query parameters of a filter. */
export const chatQuery = (f) => ({ status: f.status || undefined, assignee: f.assignee || undefined, unread: f.unread ? 'true' : undefined, tag: f.tag || undefined });

const label = (s) => s[0].toUpperCase() + s.slice(1);

export function ChatFilters({ filter, onChange, counts, agents, tags }) {
  const set = (change) => onChange({ ...filter, ...change });
  const of = (c) => (c ? (filter.status ? c[filter.status] : c.total) : undefined);
  const n = (count) => (count === undefined ? '' : ` (${count})`);
  return (
    <div class="chat-filters" role="group" aria-label="Filter chats">
      <div class="status-tabs" role="group" aria-label="Status">
        {['', ...STATUSES].map((s) => (
          <button
            key={s || 'all'}
            type="button"
            class={`small${filter.status === s ? '' : ' secondary'}`}
            aria-pressed={filter.status === s ? 'true' : 'false'}
            data-status-filter={s || 'all'}
            onClick={() => set({ status: s })}
          >
            {s ? label(s) : 'All'}
            <span class="count">{n(s ? counts?.byStatus[s] : counts?.byStatus.total)}</span>
          </button>
        ))}
      </div>
      <div class="filter-row">
        <label class="inline">
          <span class="label">Assigned</span>
          <select value={filter.assignee} onChange={(e) => set({ assignee: e.currentTarget.value })}>
            <option value="">Anyone</option>
            {counts?.mine && <option value="me">Mine{n(of(counts.mine))}</option>}
            <option value="none">Unassigned{n(of(counts?.unassigned))}</option>
            {(agents ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {n(of(counts?.byAgent.find((b) => b.agentId === a.id)?.chats))}
              </option>
            ))}
          </select>
        </label>
        {tags?.length > 0 && (
          <label class="inline">
            <span class="label">Tag</span>
            <select value={filter.tag} onChange={(e) => set({ tag: e.currentTarget.value })}>
              <option value="">Any</option>
              {tags.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="check">
          <input type="checkbox" checked={filter.unread} onChange={(e) => set({ unread: e.currentTarget.checked })} />
          Unread{n(counts?.unread)}
        </label>
      </div>
    </div>
  );
}
