// Scenario 2: a conversation updates without a reload: a sent text's ticks move sent → delivered → read as receipts
// are simulated, inbound messages appear, and a stranger's HTML is shown as literal text (no dialog opens).
// Sending an image waits for the API (POST /messages takes text only today), so this sends text only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, signIn, screenshots, waitFor, noReload, linkedSession, skipReason, step } from './stack.mjs';

const ctx = {};
const shot = screenshots('chats');
const ASHA = '919812345678';
before(async () => {
  if (skipReason) return;
  // No automatic acks: the test moves each receipt itself.
  ctx.stack = await startStack({ engineEnv: { WA_SIM_DELIVERED_MS: '-1', WA_SIM_READ_MS: '-1' } });
  ctx.browser = await launchBrowser();
  ctx.session = await linkedSession(ctx.stack, 'Shop');
});
after(async () => {
  await ctx.browser?.close();
  await ctx.stack?.stop();
});

test('a conversation: inbound appears, a sent text ticks to read, HTML stays text', { skip: skipReason ?? false, timeout: 120_000 }, step(ctx, async () => {
  const { stack, session } = ctx;
  const inbound = (text, extra = {}) => stack.api('POST', `/dev/sessions/${session.id}/inbound`, { from: ASHA, text, name: 'Asha Rao', ...extra });
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, stack.adminKey);
  await page.goto(`${stack.dashboard}/chats`);
  await page.getByText('No chats yet').waitFor();
  const same = await noReload(page);

  await inbound('Hello, is the shop open today?');
  const item = page.locator(`a.chat-item[data-chat-id="${ASHA}@s.whatsapp.net"]`);
  await item.getByText('Asha Rao').waitFor();
  await item.locator('.unread[data-unread="1"]').waitFor();
  await shot(page, 'inbound-unread');

  // Keyboard: focus the chat, Enter opens it.
  await item.focus();
  await page.keyboard.press('Enter');
  const conversation = page.getByRole('region', { name: /Conversation with Asha Rao/ });
  await conversation.locator('li.msg.in').getByText('Hello, is the shop open today?').waitFor();

  const composer = conversation.getByRole('textbox', { name: 'Message' });
  await composer.focus();
  await page.keyboard.type('Yes, until 6 pm. See you!');
  await page.keyboard.press('Enter');
  const mine = conversation.locator('li.msg.out').filter({ hasText: 'Yes, until 6 pm. See you!' });
  await mine.waitFor();
  assert.equal(await composer.inputValue(), '', 'the composer is cleared');
  const ticks = mine.locator('.ticks');
  await waitFor(async () => ['queued', 'sent'].includes(await ticks.getAttribute('data-status')), { what: 'the first tick' });
  await mine.locator('.ticks[data-status="sent"]').waitFor();
  await shot(page, 'sent');
  const messageId = await mine.getAttribute('data-message-id');
  assert.match(messageId, /^3EB0[0-9A-F]{18}$/);

  await stack.api('POST', `/dev/sessions/${session.id}/status`, { messageId, status: 'delivered' });
  await mine.locator('.ticks[data-status="delivered"]').waitFor();
  await shot(page, 'delivered');
  await stack.api('POST', `/dev/sessions/${session.id}/status`, { messageId, status: 'read' });
  await mine.locator('.ticks[data-status="read"]').waitFor();
  await shot(page, 'read');

  // A stranger's markup and a photo: text and a labelled placeholder, never HTML.
  const hostile = '<img src=x onerror=alert(1)>';
  await inbound(hostile);
  await inbound('my receipt', { kind: 'image' });
  const xss = conversation.locator('li.msg.in').filter({ hasText: hostile });
  await xss.waitFor();
  assert.equal(await xss.locator('.msg-text').textContent(), hostile);
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the message');
  const photo = conversation.locator('li.msg.in[data-type="image"]');
  await photo.getByText('Photo').waitFor();
  await photo.getByText('my receipt').waitFor();
  await item.getByText('my receipt').waitFor(); // the list's preview follows
  await shot(page, 'inbound-html-as-text');

  assert.ok(await same(), 'nothing needed a reload');
  assert.deepEqual(page.problems, [], 'no dialog, no script error, no CSP violation');
}));

test('on a 375 px phone the list and the conversation take turns', { skip: skipReason ?? false, timeout: 60_000 }, step(ctx, async () => {
  const page = await openPage(ctx.browser, { width: 375, height: 760 });
  await signIn(page, ctx.stack.dashboard, ctx.stack.adminKey);
  await page.goto(`${ctx.stack.dashboard}/chats`);
  await page.locator('a.chat-item').first().click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  assert.equal(await page.locator('.chat-list').isVisible(), false);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  await shot(page, 'phone-conversation');
  await page.getByRole('button', { name: '‹ Chats' }).click();
  await page.locator('.chat-list').waitFor();
  await shot(page, 'phone-list');
  assert.deepEqual(page.problems, []);
}));
