// The rest of the inbox in the dashboard, on its own stack: a poll, a location and a reaction sent from a
// conversation; a number's business hours kept across a reload, with the API's message for a wrong time zone; the
// analytics screen counting this test's messages; the conversation's inbox panel and the analytics at 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, signIn, screenshots, skipReason, step, waitFor } from './stack.mjs';
import { conversationSuite, openConversation, idOf, CHAT } from './conversation.mjs';

const ctx = {};
const shot = screenshots('inbox-composer-routing');
const opts = { skip: skipReason ?? false, timeout: 180_000 };
conversationSuite(ctx);

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
