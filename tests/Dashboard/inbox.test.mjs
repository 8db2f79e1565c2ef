// The inbox in the dashboard, on one stack: an agent, a tag and a quick reply made in the UI; an inbound chat found
// under Open with its count, assigned, tagged, noted, given a follow-up, answered with a quick reply picked by
// keyboard, resolved into Resolved with the counts following without a reload; and a key bound to that agent on the
// Keys screen, without agents:write / analytics:read / chats:write, that is told why. The composer's kinds, routing and analytics are in
// inbox-composer-routing.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, signIn, screenshots, noReload, skipReason, step, waitFor } from './stack.mjs';
import { conversationSuite } from './conversation.mjs';

const ctx = {};
const shot = screenshots('inbox');
const opts = { skip: skipReason ?? false, timeout: 180_000 };
conversationSuite(ctx);

const RAVI = '919800000077';
const RAVI_CHAT = `${RAVI}@s.whatsapp.net`;
const counts = async () => (await ctx.stack.api('GET', `/chats/counts?sessionId=${ctx.session.id}`)).data;
const filterButton = (page, status) => page.locator(`button[data-status-filter="${status}"]`);
const shows = (locator, text) => waitFor(async () => (await locator.textContent()).includes(text), { what: `"${text}" in ${locator}` });

test('an agent, a tag and a quick reply made here; a chat is assigned, tagged, noted, answered and resolved, its counts following', opts, step(ctx, async () => {
  const { stack, session } = ctx;
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, stack.adminKey);

  await page.getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('button', { name: 'New agent' }).click();
  let form = page.getByRole('form', { name: 'New agent' });
  await form.getByLabel('Name *').fill('Priya Nair');
  await form.getByLabel('Email').fill('priya@example.com');
  await form.getByLabel('Status').selectOption('online');
  await form.getByRole('button', { name: 'Create agent' }).click();
  const agentCard = page.getByRole('list', { name: 'Agents' }).locator('li.card').filter({ hasText: 'Priya Nair' });
  await agentCard.getByText('online').waitFor();
  const agentId = await agentCard.getAttribute('data-id');
  assert.equal((await stack.api('GET', `/agents/${agentId}`)).data.email, 'priya@example.com');
  // The API's own message for a taken email.
  await page.getByRole('button', { name: 'New agent' }).click();
  await form.getByLabel('Name *').fill('Priya again');
  await form.getByLabel('Email').fill('priya@example.com');
  await form.getByRole('button', { name: 'Create agent' }).click();
  await form.getByRole('alert').getByText(/email/i).waitFor();
  await shot(page, 'agent-duplicate-email');
  await form.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('link', { name: 'Inbox settings' }).click();
  await page.getByRole('button', { name: 'New tag' }).click();
  form = page.getByRole('form', { name: 'New tag' });
  await form.getByLabel('Name *').fill('billing');
  await form.getByLabel('Colour').fill('#aa3300');
  await form.getByRole('button', { name: 'Create tag' }).click();
  await page.getByRole('list', { name: 'Tags' }).getByText('#aa3300').waitFor();
  await page.getByRole('button', { name: 'New quick reply' }).click();
  form = page.getByRole('form', { name: 'New quick reply' });
  await form.getByLabel('Shortcut *').fill('thanks');
  await form.getByLabel('Text *').fill('Thanks for writing, we are on it.');
  await form.getByRole('button', { name: 'Create quick reply' }).click();
  await form.getByRole('alert').getByText(/must be '\/' followed by letters/).waitFor(); // the API's message
  await form.getByLabel('Shortcut *').fill('/thanks');
  await form.getByRole('button', { name: 'Create quick reply' }).click();
  await page.getByRole('list', { name: 'Quick replies' }).getByText('Thanks for writing, we are on it.').waitFor();
  await shot(page, 'inbox-settings');

  // A new inbound chat shows under Open, and Open's count grows by one.
  const before = await counts();
  await page.goto(`${stack.dashboard}/chats?session=${session.id}`);
  const same = await noReload(page);
  await filterButton(page, 'open').click();
  await shows(filterButton(page, 'open'), `Open (${before.byStatus.open})`);
  await stack.api('POST', `/dev/sessions/${session.id}/inbound`, { from: RAVI, name: 'Ravi Kumar', text: 'My refund has not arrived' });
  const row = page.locator(`a.chat-item[data-chat-id="${RAVI_CHAT}"]`);
  await row.waitFor();
  await shows(filterButton(page, 'open'), `Open (${before.byStatus.open + 1})`);
  await shows(row.locator('.assignee'), 'Unassigned');
  await shot(page, 'open-filter');

  // Assign, tag and note from the conversation's panel.
  await row.click();
  const conversation = page.getByRole('region', { name: /Conversation with Ravi Kumar/ });
  const panel = conversation.locator('details.inbox-panel');
  await panel.locator('summary').click();
  await panel.getByRole('combobox', { name: 'Agent' }).selectOption(agentId);
  await panel.getByRole('button', { name: 'Assign', exact: true }).click();
  await shows(panel.locator('summary'), 'Assigned to Priya Nair');
  await shows(row.locator('.assignee'), 'Priya Nair');
  await panel.getByRole('combobox', { name: 'Tag' }).selectOption({ label: 'billing' });
  await panel.getByRole('button', { name: 'Add tag' }).click();
  await panel.locator('summary .tag').filter({ hasText: 'billing' }).waitFor();
  await row.locator('.tag').filter({ hasText: 'billing' }).waitFor();
  await panel.getByRole('textbox', { name: 'Note', exact: true }).fill('Refund issued on the 3rd; check the bank.');
  await panel.getByRole('button', { name: 'Add note' }).click();
  await panel.locator('.notes-list').getByText('Refund issued on the 3rd; check the bank.').waitFor();
  const conv = (await stack.api('GET', `/chats/${RAVI_CHAT}?sessionId=${session.id}`)).data;
  assert.equal(conv.assignee, agentId);
  assert.equal(conv.tags.length, 1);
  assert.equal((await stack.api('GET', `/chats/${RAVI_CHAT}/notes?sessionId=${session.id}`)).data[0].text, 'Refund issued on the 3rd; check the bank.');
  await shot(page, 'assigned-tagged-noted');

  // The quick reply with "/" and the keyboard, then sent with Enter.
  const box = conversation.getByRole('textbox', { name: 'Message' });
  await box.focus();
  await page.keyboard.type('/th');
  const option = conversation.getByRole('listbox', { name: 'Quick replies' }).getByRole('option', { name: /\/thanks/ });
  await option.waitFor();
  assert.equal(await option.getAttribute('aria-selected'), 'true');
  assert.equal(await box.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
  await shot(page, 'quick-reply-offered');
  await page.keyboard.press('Enter');
  assert.equal(await box.inputValue(), 'Thanks for writing, we are on it.');
  await page.keyboard.press('Enter');
  await conversation.locator('li.msg.out').filter({ hasText: 'Thanks for writing, we are on it.' }).waitFor();
  const sent = await waitFor(async () => {
    const { data } = await stack.api('GET', `/chats/${RAVI_CHAT}/messages?sessionId=${session.id}`);
    return data.find((m) => m.fromMe)?.body;
  }, { what: 'the quick reply in the history' });
  assert.equal(sent, 'Thanks for writing, we are on it.');
  assert.ok(!(await stack.api('GET', `/chats/${RAVI_CHAT}/messages?sessionId=${session.id}`)).data.some((m) => m.body.includes('Refund issued')), 'the note is never sent');

  // A follow-up for tomorrow, then cancelled.
  const tomorrow = new Date(Date.now() + 86_400_000);
  const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T10:30`;
  const followUp = panel.getByRole('form', { name: 'Follow-up' });
  await followUp.getByLabel('Follow up at').fill(local);
  await followUp.getByRole('textbox', { name: 'Follow-up note' }).fill('Confirm the refund');
  await followUp.getByRole('button', { name: 'Set follow-up' }).click();
  await panel.locator('summary').getByText(/^Follow-up /).waitFor();
  await panel.getByText('— Confirm the refund').waitFor();
  assert.equal(Date.parse((await stack.api('GET', `/chats/${RAVI_CHAT}?sessionId=${session.id}`)).data.followUp.at), new Date(local).getTime());
  await shot(page, 'follow-up');
  await panel.getByRole('button', { name: 'Cancel follow-up' }).click();
  await panel.locator('summary').getByText(/^Follow-up /).waitFor({ state: 'detached' });
  assert.equal((await stack.api('GET', `/chats/${RAVI_CHAT}?sessionId=${session.id}`)).data.followUp, null);

  // Resolve: it leaves Open and enters Resolved; both counts follow without a reload.
  await panel.getByRole('button', { name: 'Resolve' }).click();
  await panel.getByRole('button', { name: 'Reopen' }).waitFor();
  await row.waitFor({ state: 'detached' });
  await shows(filterButton(page, 'open'), `Open (${before.byStatus.open})`);
  await shows(filterButton(page, 'resolved'), `Resolved (${before.byStatus.resolved + 1})`);
  await filterButton(page, 'resolved').click();
  await row.waitFor();
  assert.equal(await filterButton(page, 'resolved').getAttribute('aria-pressed'), 'true');
  assert.ok(await same(), 'the page was not reloaded');
  await shot(page, 'resolved');
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test('a key without agents:write, analytics:read or chats:write sees those actions disabled or hidden, with the reason', opts, step(ctx, async () => {
  const { stack, session } = ctx;
  const priya = (await stack.api('GET', '/agents')).data.find((a) => a.name === 'Priya Nair');
  // The viewer's key is made on the Keys screen, bound to Priya there.
  const admin = await openPage(ctx.browser);
  await signIn(admin, stack.dashboard, stack.adminKey);
  await admin.getByRole('link', { name: 'API keys' }).click();
  await admin.getByRole('button', { name: 'New key' }).click();
  const form = admin.getByRole('form', { name: 'New API key' });
  await form.getByLabel('Name *').fill('Inbox viewer');
  for (const scope of ['chats:read', 'agents:read', 'sessions:read']) await form.getByRole('checkbox', { name: new RegExp(`^${scope}`) }).check();
  await form.getByRole('combobox', { name: /^Acts as agent/ }).selectOption(priya.id);
  await form.getByRole('button', { name: 'Create key' }).click();
  const secret = await admin.getByRole('region', { name: 'Key “Inbox viewer”' }).getByRole('textbox').inputValue();
  const viewerCard = admin.locator('li.card').filter({ hasText: 'Inbox viewer' });
  await viewerCard.getByText('acts as Priya Nair').waitFor();
  const stored = (await stack.api('GET', '/api-keys?limit=200')).data.find((k) => k.name === 'Inbox viewer');
  assert.equal(stored.agentId, priya.id);
  await shot(admin, 'viewer-key');
  await admin.close();

  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, secret);

  const analytics = page.getByRole('link', { name: /^Analytics/ });
  assert.match(await analytics.textContent(), /needs the analytics:read scope/);
  await analytics.click();
  await page.locator('.locked code', { hasText: 'analytics:read' }).waitFor();

  await page.getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('list', { name: 'Agents' }).getByText('Priya Nair').waitFor();
  assert.ok(await page.getByRole('button', { name: 'New agent' }).isDisabled());
  assert.ok(await page.getByRole('button', { name: 'Delete Priya Nair' }).isDisabled());
  await page.getByText('Needs the agents:write scope').first().waitFor();
  await page.locator(`li.card[data-id="${priya.id}"]`).getByText('This key acts as this agent').waitFor();
  await shot(page, 'viewer-agents');

  await page.getByRole('link', { name: 'Inbox settings' }).click();
  await page.getByRole('list', { name: 'Tags' }).getByRole('heading', { name: 'billing' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'New tag' }).isDisabled());
  await page.getByText('Needs the chats:write scope').first().waitFor();

  // The key's agent has "Mine" among the filters, with Ravi's chat (assigned to Priya in the first test).
  await page.goto(`${stack.dashboard}/chats?session=${session.id}`);
  await page.locator('a.chat-item').nth(1).waitFor(); // Asha's and Ravi's, before filtering
  await page.getByRole('combobox', { name: 'Assigned' }).selectOption('me');
  await waitFor(async () => (await page.locator('a.chat-item').count()) === 1 && (await page.locator(`a.chat-item[data-chat-id="${RAVI_CHAT}"]`).count()) === 1, {
    what: "only Ravi's chat under Mine",
  });
  await page.goto(`${stack.dashboard}/chats?session=${session.id}&chat=${encodeURIComponent(RAVI_CHAT)}`);
  const panel = page.locator('details.inbox-panel');
  await panel.locator('summary').click();
  await panel.getByText('Needs the chats:write scope to assign, resolve, tag or set a follow-up.').waitFor();
  await panel.getByText('Needs the chats:write scope to add notes.').waitFor();
  await panel.locator('.notes-list').getByText('Refund issued on the 3rd; check the bank.').waitFor(); // notes stay readable
  for (const name of ['Reopen', 'Assign', 'Add note', 'Set follow-up', /^Remove the tag/]) assert.equal(await panel.getByRole('button', { name }).count(), 0, `no ${name} button`);
  await shot(page, 'viewer-conversation');
  assert.deepEqual(page.problems, []);
  await page.close();
}));
