// API keys: create with scopes (only those this key holds: the API refuses more), the secret shown once,
// disable/enable, delete, and the agent a key acts as ("me" in the inbox: its assignments, filters and counts).
import { useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { useKey, ALL_SCOPES } from '../lib/scopes.js';
import { dateTime, relative } from '../lib/format.js';
import { useAgents } from '../lib/inbox.js';
import { Action, Badge, Empty, ErrorText, Field, FormButtons, Loaded, Page, SecretOnce, useAction, useAutoFocus } from '../components/ui.jsx';

export function KeysScreen() {
  const { me } = useKey();
  const keys = useResource(() => api.get('/api-keys', { limit: 200 }).then((r) => r.data), []);
  const agents = useAgents();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState(null);
  return (
    <Page title="API keys" actions={<Action scope="keys:manage" onClick={() => (setCreating(true), setSecret(null))}>New key</Action>}>
      {secret && <SecretOnce label={`Key “${secret.name}”`} value={secret.value} onDone={() => setSecret(null)} />}
      {creating && (
        <KeyForm
          agents={agents.data}
          onCancel={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false);
            setSecret({ name: k.name, value: k.key });
            keys.reload();
          }}
        />
      )}
      <Loaded resource={keys} what="keys">
        {(items) =>
          items.length === 0 ? (
            <Empty>No keys.</Empty>
          ) : (
            <ul class="cards" aria-label="API keys">
              {items.map((k) => (
                <KeyCard key={k.id} k={k} self={k.id === me.id} agents={agents.data} reload={keys.reload} />
              ))}
            </ul>
          )
        }
      </Loaded>
    </Page>
  );
}

/** Choose the agent a key acts as; without agents:read the list is unknown and the choice is not offered. */
function AgentChoice({ agents, value, onChange, disabled }) {
  if (!agents) return null;
  return (
    <select value={value ?? ''} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value || null)}>
      <option value="">No agent</option>
      {agents.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name}
        </option>
      ))}
    </select>
  );
}

function KeyCard({ k, self, agents, reload }) {
  const { can } = useKey();
  const [run, { busy, error }] = useAction();
  const beyond = k.scopes.filter((s) => !can(s));
  const reason = beyond.length ? `It holds scopes this key lacks: ${beyond.join(', ')}` : undefined;
  return (
    <li class="card" data-key={k.id}>
      <div class="card-head">
        <div>
          <h2 class="card-title">{k.name}</h2>
          <p class="muted small">
            <span class="mono">{k.prefix}</span> · {k.id} · created {dateTime(k.createdAt)} · {k.lastUsedAt ? `last used ${relative(k.lastUsedAt)}` : 'never used'}
            {k.rateLimitPerMinute && <span> · {k.rateLimitPerMinute} requests/min</span>}
            {k.agentId && <span> · acts as {agents?.find((a) => a.id === k.agentId)?.name ?? k.agentId}</span>}
          </p>
        </div>
        <Badge value={k.disabled ? 'disabled' : 'enabled'} />
      </div>
      <p class="small">
        {k.scopes.map((s) => (
          <span key={s} class="tag mono">
            {s}
          </span>
        ))}
      </p>
      <ErrorText error={error} />
      {self ? (
        <p class="muted small">This is the key you are signed in with; disable or delete it from another key.</p>
      ) : (
      <div class="row wrap">
        {can('keys:manage') && !reason && (
          <label class="inline">
            <span class="label">Agent</span>
            <AgentChoice agents={agents} value={k.agentId} disabled={busy} onChange={(agentId) => run(async () => (await api.patch(`/api-keys/${seg(k.id)}`, { agentId }), reload()))} />
          </label>
        )}
        <Action scope="keys:manage" class="secondary" busy={busy} disabledReason={reason} onClick={() => run(async () => (await api.patch(`/api-keys/${seg(k.id)}`, { disabled: !k.disabled }), reload()))}>
          {k.disabled ? 'Enable' : 'Disable'}
        </Action>
        <Action
          scope="keys:manage"
          class="danger"
          busy={busy}
          disabledReason={reason}
          onClick={() => confirm(`Delete the key “${k.name}”? Anything using it stops working.`) && run(async () => (await api.del(`/api-keys/${seg(k.id)}`), reload()))}
        >
          Delete
        </Action>
      </div>
      )}
    </li>
  );
}

function KeyForm({ agents, onCreated, onCancel }) {
  const { can } = useKey();
  const [name, setName] = useState('');
  const [agentId, setAgentId] = useState(null);
  const [scopes, setScopes] = useState(new Set());
  const [limit, setLimit] = useState('');
  const [run, { busy, error }] = useAction();
  const first = useAutoFocus();
  const toggle = (s) => {
    const next = new Set(scopes);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    setScopes(next);
  };
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const r = await api.post('/api-keys', {
        name: name.trim(),
        scopes: [...scopes],
        ...(limit.trim() ? { rateLimitPerMinute: Number(limit) } : {}),
        ...(agentId ? { agentId } : {}),
      });
      onCreated(r.data);
    });
  };
  return (
    <form class="panel form" onSubmit={submit} aria-label="New API key">
      <h2>New API key</h2>
      <div class="grid2">
        <Field label="Name *" hint="Who or what uses it, e.g. “CRM sync”.">
          <input ref={first} value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} required />
        </Field>
        <Field label="Requests per minute (optional)" hint="Empty: the installation's default budget.">
          <input type="number" min="1" max="100000" value={limit} onInput={(e) => setLimit(e.currentTarget.value)} />
        </Field>
        {agents && (
          <Field label="Acts as agent (optional)" hint="Its chats are “mine” for this key, and it may assign to itself.">
            <AgentChoice agents={agents} value={agentId} onChange={setAgentId} />
          </Field>
        )}
      </div>
      <fieldset>
        <legend>Scopes — grant only what it needs</legend>
        <div class="checks">
          {ALL_SCOPES.map(([s, what]) => (
            <label key={s} class={`check${can(s) ? '' : ' lacks'}`}>
              <input type="checkbox" checked={scopes.has(s)} disabled={!can(s)} onChange={() => toggle(s)} /> <span class="mono">{s}</span> <span class="muted small">{what}</span>
              {!can(s) && <span class="why"> — you cannot grant a scope your key lacks</span>}
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorText error={error} />
      <FormButtons busy={busy} disabled={scopes.size === 0} onCancel={onCancel}>
        Create key
      </FormButtons>
    </form>
  );
}
