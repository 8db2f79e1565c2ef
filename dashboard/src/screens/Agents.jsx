// Agents: the team that answers conversations. Status decides routing (only online agents get new conversations; an
// agent offline too long loses open ones where a number re-assigns); role is for clients to show. The key's own agent
// (GET /me) is marked.
import { api } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';
import { dateTime, relative } from '../lib/format.js';
import { Badge, Page } from '../components/ui.jsx';
import { ManagedList } from '../components/ManagedList.jsx';

const FIELDS = [
  { key: 'name', label: 'Name', required: true, maxLength: 200 },
  { key: 'email', label: 'Email', type: 'email', hint: 'Optional; one agent per address.' },
  { key: 'role', label: 'Role', type: 'select', options: ['agent', 'admin'], initial: 'agent' },
  { key: 'status', label: 'Status', type: 'select', options: ['online', 'away', 'offline'], initial: 'offline', hint: 'Only online agents get new conversations.' },
];

export function AgentsScreen() {
  const agents = useResource(() => api.get('/agents').then((r) => r.data), [], { interval: 15000 });
  return (
    <Page title="Agents">
      <ManagedList noun="agent" plural="Agents" path="/agents" scope="agents:write" resource={agents} fields={FIELDS} title={(a) => a.name} Details={AgentDetails} empty="No agents yet." />
    </Page>
  );
}

function AgentDetails({ item: a }) {
  const { me } = useKey();
  return (
    <p class="small">
      <Badge value={a.status} /> <span class="muted">{a.role}</span>
      {a.email && <span class="muted"> · {a.email}</span>}
      <span class="muted" title={dateTime(a.statusSince)}>
        {' '}
        · since {relative(a.statusSince)}
      </span>
      {a.id === me.agentId && <strong class="you"> · This key acts as this agent</strong>}
    </p>
  );
}
