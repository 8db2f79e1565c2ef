// Scenario 5 and the serving rules: a key with only chats:read sees no broadcast or key actions; keys are made in
// the UI with their secret shown once; a disabled key is signed out. The page is served with a strict CSP, hashed
// assets cached, no directory traversal; GET /me and the recipients CSV answer as documented.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, signIn, screenshots, waitFor, linkedSession, skipReason, step } from './stack.mjs';

const ctx = {};
const shot = screenshots('access');
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
before(async () => {
  if (skipReason) return;
  ctx.stack = await startStack();
  ctx.browser = await launchBrowser();
  ctx.session = await linkedSession(ctx.stack, 'Inbox');
  await ctx.stack.api('POST', `/dev/sessions/${ctx.session.id}/inbound`, { from: '919812345678', text: 'Where is my order?', name: 'Asha Rao' });
});
after(async () => {
  await ctx.browser?.close();
  await ctx.stack?.stop();
});

test('a chats:read key cannot see broadcast or key actions, and is signed out once disabled', { skip: skipReason ?? false, timeout: 180_000 }, step(ctx, async () => {
  const { stack } = ctx;
  const admin = await openPage(ctx.browser);
  await signIn(admin, stack.dashboard, stack.adminKey);
  await admin.getByRole('link', { name: 'API keys' }).click();
  await admin.getByRole('button', { name: 'New key' }).click();
  const form = admin.getByRole('form', { name: 'New API key' });
  await form.getByLabel('Name *').fill('Inbox reader');
  await form.getByRole('checkbox', { name: /^chats:read/ }).check();
  await form.getByRole('button', { name: 'Create key' }).click();
  const secretBox = admin.getByRole('region', { name: 'Key “Inbox reader”' });
  const readerKey = await secretBox.getByRole('textbox').inputValue();
  assert.match(readerKey, /^lw_live_[A-Za-z0-9]{32}$/);
  const card = admin.locator('li.card').filter({ hasText: 'Inbox reader' });
  await card.getByText('chats:read').waitFor();
  await shot(admin, 'key-created');
  await secretBox.getByRole('button', { name: 'Done' }).click();
  assert.equal(await admin.getByText(readerKey).count(), 0, 'the secret is not shown again');

  const page = await openPage(ctx.browser);
  await page.goto(stack.dashboard);
  await page.getByLabel('API key').fill('lw_live_wrongwrongwrongwrongwrongwrong00');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').getByText(/Send a valid, enabled key/).waitFor();
  await shot(page, 'wrong-key');
  await page.getByLabel('API key').fill(readerKey);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Chats' }).waitFor(); // the first screen this key may see
  await page.locator('a.chat-item').getByText('Asha Rao').waitFor();
  assert.ok(!page.url().includes(readerKey), 'the key is never in a URL');
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');

  // Chats: readable, but sending needs messages:write, and says so.
  await page.getByRole('button', { name: 'New message' }).isDisabled();
  assert.ok(await page.getByRole('button', { name: 'New message' }).isDisabled());
  await page.getByText('Needs the messages:write scope').first().waitFor();
  await page.locator('a.chat-item').first().click();
  await page.getByText('Needs the messages:write scope to reply.').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).count(), 0);
  await shot(page, 'reader-chats');

  // Broadcasts and keys: the reason, and none of their actions.
  for (const [link, scope, action] of [
    ['Broadcasts', 'broadcasts:read', 'New broadcast'],
    ['API keys', 'keys:manage', 'New key'],
    ['Numbers', 'sessions:read', 'Add a number'],
  ]) {
    const nav = page.getByRole('link', { name: new RegExp(`^${link}`) });
    assert.match(await nav.textContent(), new RegExp(`needs the ${scope} scope`));
    await nav.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Not available with this key' }).waitFor();
    await page.locator('.locked code', { hasText: scope }).waitFor();
    assert.equal(await page.getByRole('button', { name: action }).count(), 0, `no ${action} button`);
    await shot(page, `reader-${link.toLowerCase().replace(' ', '-')}`);
  }
  await page.goto(`${stack.dashboard}/broadcasts/new`);
  await page.getByRole('heading', { name: 'Not available with this key' }).waitFor();
  assert.equal(await page.getByRole('form', { name: 'New broadcast' }).count(), 0);

  // The admin disables the key; the reader's next poll is refused and the page signs out.
  await page.getByRole('link', { name: 'Chats' }).click();
  await page.locator('a.chat-item').first().waitFor();
  await card.getByRole('button', { name: 'Disable' }).click();
  await card.getByText('disabled', { exact: true }).waitFor();
  await page.getByText(/^Signed out: Send a valid, enabled key/).waitFor({ timeout: 60_000 });
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the key is forgotten');
  await shot(page, 'signed-out-when-disabled');

  admin.expectConfirm();
  await card.getByRole('button', { name: 'Delete' }).click();
  await admin.locator('li.card').filter({ hasText: 'Inbox reader' }).waitFor({ state: 'detached' });
  assert.deepEqual([...admin.problems, ...page.problems], []);
  await Promise.all([admin.close(), page.close()]);
}));

test("contacts and tickets: create, search, filter, edit; the API's errors are shown", { skip: skipReason ?? false, timeout: 180_000 }, step(ctx, async () => {
  const { stack } = ctx;
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, stack.adminKey);
  await page.getByRole('link', { name: 'Contacts' }).click();
  const newContact = async (name, phone, stage, tags) => {
    await page.getByRole('button', { name: 'New contact' }).click();
    const form = page.getByRole('form', { name: 'New contact' });
    await form.getByLabel('Name *').fill(name);
    await form.getByLabel('Phone *').fill(phone);
    await form.getByLabel('Stage').selectOption(stage);
    await form.getByLabel('Tags').fill(tags);
    await form.getByRole('button', { name: 'Create contact' }).click();
    return form;
  };
  await (await newContact('Asha Rao', '+91 98123 45678', 'vip', 'website, wholesale')).waitFor({ state: 'detached' });
  await (await newContact('Ravi Kumar', '919812345679', 'lead', 'website')).waitFor({ state: 'detached' });
  const dup = await newContact('Asha again', '919812345678', 'lead', '');
  await dup.getByRole('alert').getByText(/A contact with this phone number already exists/).waitFor();
  await shot(page, 'contact-duplicate');
  await dup.getByRole('button', { name: 'Cancel' }).click();

  const cards = page.getByRole('list', { name: 'Contacts' }).locator('li.card');
  await waitFor(async () => (await cards.count()) === 2, { what: 'two contacts' });
  await page.getByRole('search').getByLabel('Stage').selectOption('vip');
  await waitFor(async () => (await cards.count()) === 1 && (await cards.first().textContent()).includes('Asha Rao'), { what: 'the vip filter' });
  await page.getByRole('search').getByLabel('Stage').selectOption('');
  await page.getByRole('searchbox', { name: 'Search' }).fill('ravi');
  await waitFor(async () => (await cards.count()) === 1 && (await cards.first().textContent()).includes('Ravi Kumar'), { what: 'the search' });
  await cards.first().getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit Ravi Kumar' });
  await edit.getByLabel('Company').fill('Kumar Traders');
  await edit.getByLabel('Stage').selectOption('customer');
  await edit.getByRole('button', { name: 'Save' }).click();
  await cards.first().getByText('Kumar Traders').waitFor();
  await cards.first().getByText('customer').waitFor();
  await shot(page, 'contact-edited');

  await page.getByRole('link', { name: 'Tickets' }).click();
  await page.getByRole('button', { name: 'New ticket' }).click();
  let form = page.getByRole('form', { name: 'New ticket' });
  await form.getByLabel('Subject *').fill('Refund not received');
  await form.getByLabel('Customer name').fill('Asha Rao');
  await form.getByLabel('Priority').selectOption('high');
  await form.getByRole('button', { name: 'Create ticket' }).click();
  await form.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'New ticket' }).click();
  form = page.getByRole('form', { name: 'New ticket' });
  await form.getByLabel('Subject *').fill('Wrong size delivered');
  await form.getByLabel('Assignee').fill('agent-7');
  await form.getByRole('button', { name: 'Create ticket' }).click();
  await form.waitFor({ state: 'detached' });
  const tickets = page.getByRole('list', { name: 'Tickets' }).locator('li.card');
  await waitFor(async () => (await tickets.count()) === 2, { what: 'two tickets' });
  await page.getByRole('search').getByLabel('Assignee').fill('agent-7');
  await waitFor(async () => (await tickets.count()) === 1, { what: 'the assignee filter' });
  await page.getByRole('search').getByLabel('Assignee').fill('');
  await page.getByRole('searchbox', { name: 'Search' }).fill('refund');
  await waitFor(async () => (await tickets.count()) === 1 && (await tickets.first().textContent()).includes('Refund not received'), { what: 'the ticket search' });
  await tickets.first().getByRole('button', { name: 'Edit' }).click();
  const editTicket = page.getByRole('form', { name: /^Edit TKT-/ });
  await editTicket.getByLabel('Status').selectOption('resolved');
  await editTicket.getByLabel('Tag').fill('');
  await editTicket.getByRole('button', { name: 'Save' }).click();
  await editTicket.getByRole('alert').getByText(/tag/i).waitFor(); // a tag cannot be cleared: the API says so
  await shot(page, 'ticket-error');
  await editTicket.getByLabel('Tag').fill('chat');
  await editTicket.getByRole('button', { name: 'Save' }).click();
  await editTicket.waitFor({ state: 'detached' });
  await page.getByRole('search').getByLabel('Status').selectOption('resolved');
  await waitFor(async () => (await tickets.count()) === 1 && (await tickets.first().textContent()).includes('chat'), { what: 'the resolved filter' });
  await shot(page, 'ticket-resolved');
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test('the page and its assets: strict headers, caching, no traversal, no key needed', { skip: skipReason ?? false, timeout: 180_000 }, step(ctx, async () => {
  const { base, dashboard } = ctx.stack;
  const page = await fetch(dashboard);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('content-security-policy'), CSP);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const html = await page.text();
  const script = /<script type="module" src="(\/dashboard\/assets\/main-[A-Z0-9]+\.js)"><\/script>/.exec(html)?.[1];
  const style = /<link rel="stylesheet" href="(\/dashboard\/assets\/main-[A-Z0-9]+\.css)">/.exec(html)?.[1];
  assert.ok(script && style, html);
  assert.ok(!/<script>|<style|\son[a-z]+=/i.test(html), 'no inline script or style');

  // App routes fall back to the page.
  const route = await fetch(`${dashboard}/chats/919812345678@s.whatsapp.net?session=x`);
  assert.equal(route.status, 200);
  assert.equal(await route.text(), html);

  const js = await fetch(base + script);
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(js.headers.get('content-encoding'), 'gzip');
  assert.equal(js.headers.get('content-security-policy'), CSP);
  const etag = js.headers.get('etag');
  assert.equal((await fetch(base + script, { headers: { 'If-None-Match': etag } })).status, 304);
  const plain = await fetch(base + script, { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.ok((await plain.text()).length > 10_000);
  const css = await fetch(base + style);
  assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');

  const missing = await fetch(`${dashboard}/assets/main-NOPE.js`);
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('content-type'), /^text\/plain/);
  for (const probe of [
    '/assets/..%2f..%2fWaFunctions.dll',
    '/assets/../../WaFunctions.dll',
    '/..%2fWaFunctions.dll',
    '/%2e%2e/%2e%2e/WaFunctions.deps.json',
    '/..%5c..%5cappsettings.json',
    '//etc/passwd',
  ]) {
    const r = await fetch(dashboard + probe);
    const body = await r.text();
    assert.ok(r.status === 404 || body === html, `${probe}: ${r.status}`);
    assert.ok(!body.startsWith('MZ') && !body.includes('"runtimeTarget"') && !body.includes('root:'), `${probe} leaked a file`);
  }
}));

test('GET /me names the key; the recipients CSV is streamed, escaped and scoped', { skip: skipReason ?? false, timeout: 180_000 }, step(ctx, async () => {
  const { stack, session } = ctx;
  const me = await stack.api('GET', '/me');
  // The key and the agent it acts as (none for the admin key); never the secret.
  assert.deepEqual(Object.keys(me.data).sort(), ['agent', 'agentId', 'id', 'name', 'prefix', 'scopes']);
  assert.equal(me.data.agentId, null);
  assert.equal(me.data.agent, null);
  assert.deepEqual(me.data.scopes, ['*']);
  assert.match(me.data.prefix, /^lw_live_.{4}…$/);
  assert.equal((await fetch(`${stack.base}/api/v1/me`)).status, 401);

  const { data: reader } = await stack.api('POST', '/api-keys', { name: 'reader', scopes: ['chats:read'] });
  assert.deepEqual((await stack.api('GET', '/me', undefined, reader.key)).data.scopes, ['chats:read']);

  const { data: idle } = await stack.api('POST', '/sessions', { name: 'idle' });
  const names = ['-1+1', '@SUM(A1)', '+cmd', 'line one\nline two', 'plain', '\tTabbed', 'say "hi"'];
  const { data: b } = await stack.api('POST', '/broadcasts', {
    name: 'csv', sessionId: idle.id, message: 'x', recipients: names.map((name, i) => ({ chatId: `9198123000${10 + i}`, name })),
  });
  const r = await fetch(`${stack.base}/api/v1/broadcasts/${b.id}/recipients.csv`, { headers: { Authorization: `Bearer ${stack.adminKey}` } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(r.headers.get('content-disposition'), new RegExp(`attachment; filename=${b.id}-recipients.csv`));
  const lines = (await r.text()).split('\r\n');
  assert.equal(lines[0], 'index,chatId,phone,name,status,reason,messageId,updatedAt');
  assert.equal(lines[1], `0,919812300010@s.whatsapp.net,919812300010,'-1+1,pending,,,`);
  assert.equal(lines[2].split(',')[3], "'@SUM(A1)");
  assert.equal(lines[3].split(',')[3], "'+cmd");
  assert.ok(lines.join('\r\n').includes(',"line one\nline two",'), 'a line break is quoted');
  assert.equal(lines.find((l) => l.includes('Tabbed')).split(',')[3], 'Tabbed', 'names are stored trimmed');
  assert.ok(lines.join('\r\n').includes(',"say ""hi""",'));
  assert.equal(lines.at(-1), '', 'ends with a line break');

  const filtered = await fetch(`${stack.base}/api/v1/broadcasts/${b.id}/recipients.csv?status=sent`, { headers: { Authorization: `Bearer ${stack.adminKey}` } });
  assert.equal((await filtered.text()).split('\r\n').filter(Boolean).length, 1, 'just the header');
  const forbidden = await fetch(`${stack.base}/api/v1/broadcasts/${b.id}/recipients.csv`, { headers: { Authorization: `Bearer ${reader.key}` } });
  assert.equal(forbidden.status, 403);
  assert.equal((await forbidden.json()).error, 'insufficient_scope');
  const unknown = await fetch(`${stack.base}/api/v1/broadcasts/b_nothere000/recipients.csv`, { headers: { Authorization: `Bearer ${stack.adminKey}` } });
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error, 'not_found');
  void session;
}));
