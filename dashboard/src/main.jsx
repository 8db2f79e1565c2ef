import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import './styles.css';
import { api, request, forgetKey, onApiEvent, storedKey, storeKey, rateLimitWait } from './lib/api.js';
import { KeyContext, holds } from './lib/scopes.js';
import { useRoute, navigate, href, onLinkClick } from './lib/router.js';
import { ErrorText, Loading, NeedsScope, useAction } from './components/ui.jsx';
import { NumbersScreen } from './screens/Numbers.jsx';
import { ChatsScreen } from './screens/Chats.jsx';
import { ContactsScreen } from './screens/Contacts.jsx';
import { TicketsScreen } from './screens/Tickets.jsx';
import { BroadcastsScreen } from './screens/Broadcasts.jsx';
import { WebhooksScreen } from './screens/Webhooks.jsx';
import { KeysScreen } from './screens/Keys.jsx';
import { AgentsScreen } from './screens/Agents.jsx';
import { InboxSettingsScreen } from './screens/InboxSettings.jsx';
import { AnalyticsScreen } from './screens/Analytics.jsx';

const SCREENS = [
  { path: '/numbers', label: 'Numbers', scope: 'sessions:read', what: 'The numbers screen', View: NumbersScreen },
  { path: '/chats', label: 'Chats', scope: 'chats:read', what: 'The chats screen', View: ChatsScreen },
  { path: '/agents', label: 'Agents', scope: 'agents:read', what: 'The agents screen', View: AgentsScreen },
  { path: '/inbox-settings', label: 'Inbox settings', scope: 'chats:read', what: 'The inbox settings', View: InboxSettingsScreen },
  { path: '/contacts', label: 'Contacts', scope: 'contacts:read', what: 'The contacts screen', View: ContactsScreen },
  { path: '/tickets', label: 'Tickets', scope: 'tickets:read', what: 'The tickets screen', View: TicketsScreen },
  { path: '/broadcasts', label: 'Broadcasts', scope: 'broadcasts:read', what: 'The broadcasts screen', View: BroadcastsScreen },
  { path: '/analytics', label: 'Analytics', scope: 'analytics:read', what: 'The analytics screen', View: AnalyticsScreen },
  { path: '/webhooks', label: 'Webhooks', scope: 'webhooks:read', what: 'The webhooks screen', View: WebhooksScreen },
  { path: '/keys', label: 'API keys', scope: 'keys:manage', what: 'Managing API keys', View: KeysScreen },
];

function SignIn({ onSignedIn, notice }) {
  const [key, setKey] = useState('');
  const [run, { busy, error }] = useAction();
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const trimmed = key.trim();
      const me = await request('GET', '/me', { key: trimmed });
      storeKey(trimmed);
      setKey('');
      onSignedIn(me.data);
    });
  };
  return (
    <main class="signin" id="main">
      <form class="panel" method="post" action="#" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">WaFunctions</h1>
        <p>Sign in with an API key. It stays in this browser tab only and is forgotten when the tab closes.</p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label class="field">
          <span class="label">API key</span>
          <input
            type="password"
            name="apiKey"
            autoComplete="off"
            spellcheck={false}
            placeholder="lw_live_…"
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
            required
            autoFocus
          />
        </label>
        <ErrorText error={error} />
        <button type="submit" disabled={busy || !key.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

function RateLimitBanner() {
  const [wait, setWait] = useState(0);
  useEffect(() => {
    let timer;
    const tick = () => {
      const w = rateLimitWait();
      setWait(w);
      if (w > 0) timer = setTimeout(tick, 1000);
    };
    const off = onApiEvent((e) => e.type === 'rate_limited' && (clearTimeout(timer), tick()));
    return () => (off(), clearTimeout(timer));
  }, []);
  if (wait <= 0) return null;
  return (
    <p class="banner warn" role="status">
      This key is over its per-minute request budget; live updates resume in {Math.ceil(wait / 1000)} s.
    </p>
  );
}

function Shell({ me, signOut }) {
  const { path } = useRoute();
  const can = useMemo(() => (scope) => holds(me, scope), [me]);
  const first = SCREENS.find((s) => can(s.scope)) ?? SCREENS[0];
  const screen = SCREENS.find((s) => path === s.path || path.startsWith(`${s.path}/`));
  useEffect(() => {
    if (!screen) navigate(first.path, { replace: true });
  }, [screen, first]);
  useEffect(() => {
    document.title = screen ? `${screen.label} · WaFunctions` : 'WaFunctions';
  }, [screen]);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);

  return (
    <KeyContext.Provider value={{ me, can }}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href(first.path)} onClick={(e) => onLinkClick(e, first.path)}>
          WaFunctions
        </a>
        <button type="button" class="menu secondary" aria-expanded={menuOpen ? 'true' : 'false'} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <nav id="nav" class={menuOpen ? 'open' : ''} aria-label="Sections">
          <ul>
            {SCREENS.map((s) => (
              <li key={s.path}>
                <a
                  href={href(s.path)}
                  aria-current={screen === s ? 'page' : undefined}
                  class={can(s.scope) ? '' : 'lacks'}
                  title={can(s.scope) ? undefined : `Needs the ${s.scope} scope`}
                  onClick={(e) => onLinkClick(e, s.path)}
                >
                  {s.label}
                  {!can(s.scope) && <span class="sr-only"> (needs the {s.scope} scope)</span>}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class="key-name" title={`${me.name} (${me.prefix})`}>
            {me.name} <span class="mono muted">{me.prefix}</span>
          </span>
          <button type="button" class="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <RateLimitBanner />
      <main id="main">
        {screen ? can(screen.scope) ? <screen.View path={path.slice(screen.path.length)} /> : <NeedsScope scope={screen.scope} what={screen.what} /> : <Loading />}
      </main>
    </KeyContext.Provider>
  );
}

function App() {
  const [state, setState] = useState(() => ({ me: null, checking: !!storedKey(), notice: null }));
  useEffect(() => {
    if (!state.checking) return;
    api
      .get('/me')
      .then((r) => setState({ me: r.data, checking: false, notice: null }))
      .catch((e) => {
        if (e.status === 401) forgetKey();
        setState({ me: null, checking: false, notice: e.status === 401 ? 'The saved key is no longer valid; sign in again.' : e.message });
      });
  }, [state.checking]);
  useEffect(
    () =>
      onApiEvent((e) => {
        if (e.type !== 'unauthorized') return;
        forgetKey();
        setState({ me: null, checking: false, notice: `Signed out: ${e.error.message}` });
      }),
    [],
  );
  const signOut = () => {
    forgetKey();
    setState({ me: null, checking: false, notice: 'Signed out.' });
  };
  if (state.checking) return <Loading what="Checking the saved key" />;
  if (!state.me) return <SignIn notice={state.notice} onSignedIn={(me) => setState({ me, checking: false, notice: null })} />;
  return <Shell me={state.me} signOut={signOut} />;
}

render(<App />, document.getElementById('app'));
