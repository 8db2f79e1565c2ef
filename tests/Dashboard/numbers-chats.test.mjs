// Scenarios 1 and 2, on one stack: linking a number (sign in; add a number; the QR appears and refreshes as it
// rotates; a simulated scan makes it ready without a reload; pacing errors show the API's message) and a conversation
// (inbound appears without a reload; a sent text's ticks move sent → delivered → read as receipts are simulated; a
// stranger's HTML is shown as literal text and no dialog opens; an inbound photo shows its picture). Sending files,
// replies and the other kinds are in chats-media.test.mjs. Both screens are checked at 375 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, signIn, screenshots, waitFor, noReload, linkedSession, skipReason, step } from './stack.mjs';
import { png } from './png.mjs';

const ctx = {};
const shotN = screenshots('numbers');
const shotC = screenshots('chats');
const ASHA = '919812345678';
before(async () => {
  if (skipReason) return;
  ctx.stack = await startStack({
    engineEnv: {
      WA_SIM_QR_ROTATE_MS: '3000', // a QR that rotates every 3 s, so the page is seen replacing it
      WA_SIM_DELIVERED_MS: '-1', // no automatic receipts: the chat test moves each one itself
      WA_SIM_READ_MS: '-1',
    },
  });
  ctx.browser = await launchBrowser();
});
after(async () => {
  await ctx.browser?.close();
  await ctx.stack?.stop();
});

test('adding a number shows a live QR, and a scan makes it ready without a reload', { skip: skipReason ?? false, timeout: 180_000 }, step(ctx, async () => {
  const { stack } = ctx;
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, stack.adminKey);
  await page.getByRole('heading', { name: 'Numbers' }).waitFor();
  await page.getByText('No numbers yet').waitFor();
  await shotN(page, 'signed-in');
  const same = await noReload(page);

  // Keyboard only: the button, the name, Enter.
  await page.getByRole('button', { name: 'Add a number' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Name (optional)').waitFor();
  await page.keyboard.type('Support line');
  await page.keyboard.press('Enter');

  const card = page.locator('li.session').filter({ hasText: 'Support line' });
  const img = card.locator('.qr img');
  await img.waitFor();
  await waitFor(() => img.evaluate((i) => i.complete && i.naturalWidth > 100 && i.src.startsWith('blob:')), { what: 'the QR image to load' });
  const firstSrc = await img.getAttribute('src');
  await shotN(page, 'qr');

  // The engine rotates the QR: the page fetches the new one by itself.
  await waitFor(async () => Number(await img.getAttribute('data-qr-version')) >= 2 && (await img.getAttribute('src')) !== firstSrc, {
    what: 'the QR image to refresh after rotation',
    timeoutMs: 60_000,
  });
  await waitFor(() => img.evaluate((i) => i.complete && i.naturalWidth > 100), { what: 'the new QR to load' });
  await shotN(page, 'qr-rotated');

  const id = await card.getAttribute('data-session');
  await stack.api('POST', `/dev/sessions/${id}/scan`, { phone: '919876500001', name: 'Support phone' });
  await page.locator(`li.session[data-session="${id}"][data-status="ready"]`).waitFor();
  await card.getByText('Connected and ready').waitFor();
  assert.equal(await img.count(), 0, 'the QR is gone once linked');
  assert.ok(await same(), 'the page was not reloaded');
  await card.getByText('+919876500001').waitFor();
  await shotN(page, 'ready');

  // Pacing: explained defaults; an invalid change shows the API's own message.
  await card.getByRole('button', { name: 'Pacing' }).click();
  const form = card.getByRole('form', { name: 'Pacing settings' });
  await form.getByText('Default 10 s').waitFor();
  await form.getByLabel('Shortest delay (s)').fill('50');
  await form.getByLabel('Longest delay (s)').fill('5');
  await form.getByRole('button', { name: 'Save pacing' }).click();
  await form.getByRole('alert').getByText("Field 'maxDelaySeconds' must not be less than minDelaySeconds.").waitFor();
  await shotN(page, 'pacing-error');
  await form.getByLabel('Longest delay (s)').fill('60');
  await form.getByRole('button', { name: 'Save pacing' }).click();
  await form.getByText('Saved.').waitFor();
  assert.equal((await stack.api('GET', `/sessions/${id}/pacing`)).data.maxDelaySeconds, 60);

  assert.deepEqual(page.problems, []);
  await page.close();
}));

test('linking by pairing code instead of a QR', { skip: skipReason ?? false, timeout: 180_000 }, step(ctx, async () => {
  const { stack } = ctx;
  const { data: created } = await stack.api('POST', '/sessions', { name: 'Pairing line' });
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, stack.adminKey);
  const card = page.locator(`li.session[data-session="${created.id}"]`);
  await card.getByText('Not linked yet').waitFor();
  await card.getByRole('button', { name: 'Link with a phone number' }).click();
  const form = card.getByRole('form', { name: 'Link with a phone number' });
  await form.getByRole('textbox').fill('+91 98765 00002');
  await form.getByRole('button', { name: 'Get a pairing code' }).click();
  const code = card.locator('.pairing-code');
  await code.waitFor();
  assert.match(await code.textContent(), /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await shotN(page, 'pairing-code');
  await stack.api('POST', `/dev/sessions/${created.id}/scan`, {});
  await page.locator(`li.session[data-session="${created.id}"][data-status="ready"]`).waitFor();
  await card.getByText('+919876500002').waitFor();
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test('the numbers screen fits a 375 px phone', { skip: skipReason ?? false, timeout: 180_000 }, step(ctx, async () => {
  const page = await openPage(ctx.browser, { width: 375, height: 760 });
  await signIn(page, ctx.stack.dashboard, ctx.stack.adminKey);
  await page.locator('li.session[data-status="ready"]').first().waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  // The menu opens with the keyboard and leads to every screen.
  await page.getByRole('button', { name: 'Menu' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Webhooks' }).waitFor();
  await shotN(page, 'phone-menu');
  await page.getByRole('button', { name: 'Menu' }).click();
  await shotN(page, 'phone');
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test('a conversation: inbound appears, a sent text ticks to read, HTML stays text', { skip: skipReason ?? false, timeout: 180_000 }, step(ctx, async () => {
  const { stack } = ctx;
  const session = (ctx.session = await linkedSession(stack, 'Shop'));
  const inbound = (text, extra = {}) => stack.api('POST', `/dev/sessions/${session.id}/inbound`, { from: ASHA, text, name: 'Asha Rao', ...extra });
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, stack.adminKey);
  await page.goto(`${stack.dashboard}/chats?session=${session.id}`);
  await page.getByText('No chats yet').waitFor();
  const same = await noReload(page);

  await inbound('Hello, is the shop open today?');
  const item = page.locator(`a.chat-item[data-chat-id="${ASHA}@s.whatsapp.net"]`);
  await item.getByText('Asha Rao').waitFor();
  await item.locator('.unread[data-unread="1"]').waitFor();
  await shotC(page, 'inbound-unread');

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
  await shotC(page, 'sent');
  const messageId = await mine.getAttribute('data-message-id');
  assert.match(messageId, /^3EB0[0-9A-F]{18}$/);

  await stack.api('POST', `/dev/sessions/${session.id}/status`, { messageId, status: 'delivered' });
  await mine.locator('.ticks[data-status="delivered"]').waitFor();
  await shotC(page, 'delivered');
  await stack.api('POST', `/dev/sessions/${session.id}/status`, { messageId, status: 'read' });
  await mine.locator('.ticks[data-status="read"]').waitFor();
  await shotC(page, 'read');

  // A stranger's markup and a photo: text and a picture, never HTML.
  const hostile = '<img src=x onerror=alert(1)>';
  await inbound(hostile);
  await inbound(undefined, { image: { data: png(16, 16, [0, 128, 0]).toString('base64'), caption: 'my receipt' } });
  const xss = conversation.locator('li.msg.in').filter({ hasText: hostile });
  await xss.waitFor();
  assert.equal(await xss.locator('.msg-text').textContent(), hostile);
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the message');
  const photo = conversation.locator('li.msg.in[data-type="image"]');
  await photo.getByRole('img', { name: 'Photo: my receipt' }).waitFor();
  await waitFor(() => photo.locator('img').evaluate((i) => i.complete && i.naturalWidth === 16), { what: 'the photo to load' });
  await photo.getByText('my receipt').waitFor();
  await item.getByText('my receipt').waitFor(); // the list's preview follows
  await shotC(page, 'inbound-html-as-text');

  assert.ok(await same(), 'nothing needed a reload');
  assert.deepEqual(page.problems, [], 'no dialog, no script error, no CSP violation');
  await page.close();
}));

test('on a 375 px phone the list and the conversation take turns', { skip: skipReason ?? false, timeout: 180_000 }, step(ctx, async () => {
  const page = await openPage(ctx.browser, { width: 375, height: 760 });
  await signIn(page, ctx.stack.dashboard, ctx.stack.adminKey);
  await page.goto(`${ctx.stack.dashboard}/chats?session=${ctx.session.id}`);
  await page.locator('a.chat-item').first().click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  assert.equal(await page.locator('.chat-list').isVisible(), false);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  await shotC(page, 'phone-conversation');
  await page.getByRole('button', { name: '‹ Chats' }).click();
  await page.locator('.chat-list').waitFor();
  await shotC(page, 'phone-list');
  assert.deepEqual(page.problems, []);
  await page.close();
}));
