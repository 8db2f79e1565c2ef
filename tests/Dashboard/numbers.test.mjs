// Scenario 1: sign in; add a number; the QR appears and refreshes as it rotates; a simulated scan makes the number
// ready without a reload. Also: pacing form errors show the API's message; the screen fits a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, signIn, screenshots, waitFor, noReload, skipReason, step } from './stack.mjs';

const ctx = {};
const shot = screenshots("numbers");
before(async () => {
  if (skipReason) return;
  // A QR that rotates every 3 s, so the test sees the image replaced.
  ctx.stack = await startStack({ engineEnv: { WA_SIM_QR_ROTATE_MS: '3000' } });
  ctx.browser = await launchBrowser();
});
after(async () => {
  await ctx.browser?.close();
  await ctx.stack?.stop();
});

test('adding a number shows a live QR, and a scan makes it ready without a reload', { skip: skipReason ?? false, timeout: 90_000 }, step(ctx, async () => {
  const { stack } = ctx;
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, stack.adminKey);
  await page.getByRole('heading', { name: 'Numbers' }).waitFor();
  await page.getByText('No numbers yet').waitFor();
  await shot(page, 'signed-in');
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
  await shot(page, 'qr');

  // The engine rotates the QR: the page fetches the new one by itself.
  await waitFor(async () => Number(await img.getAttribute('data-qr-version')) >= 2 && (await img.getAttribute('src')) !== firstSrc, {
    what: 'the QR image to refresh after rotation',
    timeoutMs: 20_000,
  });
  await waitFor(() => img.evaluate((i) => i.complete && i.naturalWidth > 100), { what: 'the new QR to load' });
  await shot(page, 'qr-rotated');

  const id = await card.getAttribute('data-session');
  await stack.api('POST', `/dev/sessions/${id}/scan`, { phone: '919876500001', name: 'Support phone' });
  await page.locator(`li.session[data-session="${id}"][data-status="ready"]`).waitFor();
  await card.getByText('Connected and ready').waitFor();
  assert.equal(await img.count(), 0, 'the QR is gone once linked');
  assert.ok(await same(), 'the page was not reloaded');
  await card.getByText('+919876500001').waitFor();
  await shot(page, 'ready');

  // Pacing: explained defaults; an invalid change shows the API's own message.
  await card.getByRole('button', { name: 'Pacing' }).click();
  const form = card.getByRole('form', { name: 'Pacing settings' });
  await form.getByText('Default 10 s').waitFor();
  await form.getByLabel('Shortest delay (s)').fill('50');
  await form.getByLabel('Longest delay (s)').fill('5');
  await form.getByRole('button', { name: 'Save pacing' }).click();
  await form.getByRole('alert').getByText("Field 'maxDelaySeconds' must not be less than minDelaySeconds.").waitFor();
  await shot(page, 'pacing-error');
  await form.getByLabel('Longest delay (s)').fill('60');
  await form.getByRole('button', { name: 'Save pacing' }).click();
  await form.getByText('Saved.').waitFor();
  assert.equal((await stack.api('GET', `/sessions/${id}/pacing`)).data.maxDelaySeconds, 60);

  assert.deepEqual(page.problems, []);
}));

test('the numbers screen fits a 375 px phone', { skip: skipReason ?? false, timeout: 60_000 }, step(ctx, async () => {
  const page = await openPage(ctx.browser, { width: 375, height: 760 });
  await signIn(page, ctx.stack.dashboard, ctx.stack.adminKey);
  await page.locator('li.session[data-status="ready"]').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  // The menu opens with the keyboard and leads to every screen.
  await page.getByRole('button', { name: 'Menu' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Webhooks' }).waitFor();
  await shot(page, 'phone-menu');
  await page.getByRole('button', { name: 'Menu' }).click();
  await shot(page, 'phone');
  assert.deepEqual(page.problems, []);
}));
