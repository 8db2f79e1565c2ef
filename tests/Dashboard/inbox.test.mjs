// The inbox in the dashboard, on one stack: an agent, a tag and a quick reply made in the UI; an inbound chat found
// under Open with its count, assigned, tagged, noted, answered with a quick reply picked by keyboard, resolved into
// Resolved with the counts following without a reload; a poll, a location and a reaction sent from the conversation;
// a number's business hours kept across a reload; analytics that count this test's messages; and a key without
// agents:write / analytics:read / chats:write that is told why. Checked at 375 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, signIn, screenshots, noReload, skipReason, step, waitFor } from './stack.mjs';
import { conversationSuite, openConversation, idOf, CHAT } from './conversation.mjs';

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

test('a poll and a location sent from the composer show in the conversation; a reaction picked by keyboard shows on its message', opts, step(ctx, async () => {
  const { stack } = ctx;
  const { page, conversation } = await openConversation(ctx);
  await conversation.getByRole('button', { name: 'Poll…' }).click();
  const poll = conversation.getByRole('form', { name: 'Poll' });
  await poll.getByLabel('Question').fill('Which size?');
  await poll.getByRole('textbox', { name: 'Option 1' }).fill('Small');
  await poll.getByRole('textbox', { name: 'Option 2' }).fill('Medium');
  await poll.getByRole('button', { name: 'Add an option' }).click();
  await poll.getByRole('textbox', { name: 'Option 3' }).fill('Large');
  await poll.getByLabel('Answers allowed').selectOption({ label: 'Up to 2' });
  await poll.getByRole('button', { name: 'Send poll' }).click();
  await poll.waitFor({ state: 'detached' });
  const sentPoll = conversation.locator('li.msg.out[data-type="poll_creation"]').filter({ hasText: 'Which size?' });
  await sentPoll.locator('.poll-options li').filter({ hasText: 'Large' }).waitFor();
  await sentPoll.getByText('up to 2 choices').waitFor();
  const pollView = (await stack.api('GET', `/messages/${await sentPoll.getAttribute('data-message-id')}`)).data.poll;
  assert.deepEqual([pollView.options.map((o) => o.name), pollView.selectableCount], [['Small', 'Medium', 'Large'], 2]);

  // A location; its name stays text.
  await conversation.getByRole('button', { name: 'Location…' }).click();
  const place = conversation.getByRole('form', { name: 'Location' });
  await place.getByLabel('Latitude').fill('12.9716');
  await place.getByLabel('Longitude').fill('77.5946');
  await place.getByLabel('Place name (optional)').fill('Shop <b>front</b>');
  await place.getByRole('button', { name: 'Send location' }).click();
  await place.waitFor({ state: 'detached' });
  const sentPlace = conversation.locator('li.msg.out[data-type="location"]');
  await sentPlace.getByText('12.97160, 77.59460').waitFor();
  await sentPlace.getByText('Shop <b>front</b>').waitFor();
  await shot(page, 'poll-location');

  // React with the keyboard: React, the first emoji has focus, → moves, Enter sends.
  const hello = conversation.locator('li.msg.in').filter({ hasText: 'Hello, do you sell prints?' });
  await hello.getByRole('button', { name: 'React' }).focus();
  await page.keyboard.press('Enter');
  await waitFor(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'React with 👍'), { what: 'focus on the first emoji' });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await hello.getByRole('group', { name: 'Choose a reaction' }).waitFor({ state: 'detached' });
  await hello.locator('.reactions li[data-emoji="❤️"]').waitFor();
  const reactions = (await stack.api('GET', `/messages/${await idOf(ctx, 'Hello, do you sell prints?')}`)).data.reactions;
  assert.deepEqual(reactions.map((r) => [r.emoji, r.fromMe]), [['❤️', true]]);
  await shot(page, 'reaction');
  assert.equal(await page.locator('li.msg b').count(), 0, 'no element was made from a place name');
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test("a number's business hours are saved and read back after a reload; an invalid zone shows the API's message", opts, step(ctx, async () => {
  const { stack, session } = ctx;
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, stack.adminKey);
  const card = page.locator(`li.session[data-session="${session.id}"]`);
  await card.getByRole('button', { name: 'Routing' }).click();
  let form = card.getByRole('form', { name: 'Routing settings' });
  await form.getByLabel('Business hours (off: always open)').check();
  await form.getByLabel('Time zone (IANA)').fill('Mars/Olympus');
  await form.getByLabel('Monday opens').fill('10:00');
  await form.getByLabel('Monday closes').fill('17:30');
  await form.getByRole('button', { name: 'Add Saturday hours' }).click();
  await form.getByLabel('Saturday closes').fill('14:00');
  await form.getByRole('button', { name: 'Save routing' }).click();
  await form.getByRole('alert').getByText("Field 'businessHours.timeZone' must be an IANA time zone such as Asia/Kolkata, not 'Mars/Olympus'.").waitFor();
  await form.getByLabel('Time zone (IANA)').fill('Asia/Kolkata');
  await form.getByLabel('Reply outside business hours (once a period per conversation)').check();
  await form.getByLabel('Off-hours reply').fill('We are back at 10:00.');
  await form.getByRole('button', { name: 'Save routing' }).click();
  await form.getByText('Saved.').waitFor();
  await shot(page, 'routing-saved');

  await page.reload();
  await card.getByRole('button', { name: 'Routing' }).click();
  form = card.getByRole('form', { name: 'Routing settings' });
  assert.equal(await form.getByLabel('Time zone (IANA)').inputValue(), 'Asia/Kolkata');
  assert.equal(await form.getByLabel('Monday opens').inputValue(), '10:00');
  assert.equal(await form.getByLabel('Monday closes').inputValue(), '17:30');
  assert.equal(await form.getByLabel('Saturday closes').inputValue(), '14:00');
  assert.equal(await form.getByLabel('Off-hours reply').inputValue(), 'We are back at 10:00.');
  const { data } = await stack.api('GET', `/sessions/${session.id}/routing`);
  assert.deepEqual(data.businessHours.days.mon, [{ start: '10:00', end: '17:30' }]);
  assert.deepEqual(data.businessHours.days.sat, [{ start: '09:00', end: '14:00' }]);
  assert.deepEqual(data.businessHours.days.sun, []);
  await shot(page, 'routing-after-reload');
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test("analytics count this test's messages; at 375 px the conversation's panel and the analytics fit", opts, step(ctx, async () => {
  const { stack, session } = ctx;
  const overview = async () => (await stack.api('GET', `/analytics/overview?sessionId=${session.id}`)).data.totals;
  const before = await overview();
  const from = '919800000088';
  for (const text of ['one', 'two', 'three']) await stack.api('POST', `/dev/sessions/${session.id}/inbound`, { from, name: 'Meera', text });
  await waitFor(async () => (await overview()).messagesIn === before.messagesIn + 3, { what: 'the three messages in the analytics' });

  const page = await openPage(ctx.browser, { width: 375, height: 800 });
  await signIn(page, stack.dashboard, stack.adminKey);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('link', { name: 'Analytics' }).click();
  await page.getByLabel('Number').selectOption(session.id);
  const figure = (key) => page.locator(`[data-figure="${key}"] dd`).first();
  await waitFor(async () => (await figure('messagesIn').textContent()) === String(before.messagesIn + 3), { what: 'messages in' });
  // Out may include the off-hours replies the routing test turned on: the page shows what the API counts.
  assert.equal(await figure('messagesOut').textContent(), String((await overview()).messagesOut));
  assert.equal(await figure('conversationsOpened').textContent(), String(before.conversationsOpened + 1));
  const today = page.locator('table.per-day tbody tr').last();
  await today.getByText(/\d+ in/).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'nothing wider than the screen');
  await shot(page, 'analytics-375');

  await page.goto(`${stack.dashboard}/chats?session=${session.id}&chat=${encodeURIComponent(CHAT)}`);
  const panel = page.locator('details.inbox-panel');
  await panel.locator('summary').click();
  await panel.getByRole('button', { name: 'Resolve' }).or(panel.getByRole('button', { name: 'Reopen' })).first().waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'the conversation fits');
  await shot(page, 'conversation-panel-375');
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test('a key without agents:write, analytics:read or chats:write sees those actions disabled or hidden, with the reason', opts, step(ctx, async () => {
  const { stack, session } = ctx;
  const { data: key } = await stack.api('POST', '/api-keys', { name: 'Inbox viewer', scopes: ['chats:read', 'agents:read', 'sessions:read'] });
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, key.key);

  const analytics = page.getByRole('link', { name: /^Analytics/ });
  assert.match(await analytics.textContent(), /needs the analytics:read scope/);
  await analytics.click();
  await page.locator('.locked code', { hasText: 'analytics:read' }).waitFor();

  await page.getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('list', { name: 'Agents' }).getByText('Priya Nair').waitFor();
  assert.ok(await page.getByRole('button', { name: 'New agent' }).isDisabled());
  assert.ok(await page.getByRole('button', { name: 'Delete Priya Nair' }).isDisabled());
  await page.getByText('Needs the agents:write scope').first().waitFor();
  await shot(page, 'viewer-agents');

  await page.getByRole('link', { name: 'Inbox settings' }).click();
  await page.getByRole('list', { name: 'Tags' }).getByRole('heading', { name: 'billing' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'New tag' }).isDisabled());
  await page.getByText('Needs the chats:write scope').first().waitFor();

  await page.goto(`${stack.dashboard}/chats?session=${session.id}&chat=${encodeURIComponent(RAVI_CHAT)}`);
  const panel = page.locator('details.inbox-panel');
  await panel.locator('summary').click();
  assert.ok(await panel.getByRole('button', { name: 'Reopen' }).isDisabled());
  assert.ok(await panel.getByRole('button', { name: 'Add note' }).isDisabled());
  await panel.getByText('Needs the chats:write scope').first().waitFor();
  assert.equal(await panel.getByRole('button', { name: /^Remove the tag/ }).count(), 0);
  await shot(page, 'viewer-conversation');
  assert.deepEqual(page.problems, []);
  await page.close();
}));
