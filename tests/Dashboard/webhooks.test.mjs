// Scenario 4: a webhook to a local receiver, created in the UI (its secret shown once); a test event reaches the
// receiver and shows in the delivery log; a redelivery sends the same event again; the secret rotates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startStack, launchBrowser, openPage, signIn, screenshots, waitFor, skipReason, step } from './stack.mjs';

const ctx = {};
const shot = screenshots('webhooks');
before(async () => {
  if (skipReason) return;
  ctx.received = [];
  ctx.receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      ctx.received.push({ path: req.url, headers: req.headers, body: JSON.parse(body || 'null') });
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise((resolve) => ctx.receiver.listen(0, '127.0.0.1', resolve));
  ctx.stack = await startStack();
  ctx.browser = await launchBrowser();
});
after(async () => {
  await ctx.browser?.close();
  await ctx.stack?.stop();
  await new Promise((resolve) => (ctx.receiver ? ctx.receiver.close(resolve) : resolve()));
});

test('create a webhook, send a test, see it delivered, redeliver, rotate the secret', { skip: skipReason ?? false, timeout: 90_000 }, step(ctx, async () => {
  const { stack } = ctx;
  const url = `http://127.0.0.1:${ctx.receiver.address().port}/hooks/wa`;
  const page = await openPage(ctx.browser);
  await signIn(page, stack.dashboard, stack.adminKey);
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByText('No webhooks yet.').waitFor();
  await page.getByRole('button', { name: 'New webhook' }).click();
  const form = page.getByRole('form', { name: 'New webhook' });
  await form.getByLabel('URL *').fill('not a url');
  await form.getByLabel('URL *').evaluate((i) => (i.type = 'text')); // let the API, not the browser, judge it
  await form.getByRole('button', { name: 'Create webhook' }).click();
  await form.getByRole('alert').getByText("Field 'url' must be an absolute http or https URL.").waitFor();
  await shot(page, 'url-error');
  await form.getByLabel('URL *').fill(url);
  await form.getByLabel('Description').fill('CRM sync');
  await form.getByRole('button', { name: 'Create webhook' }).click();

  await page.waitForURL(/\/webhooks\/wh_[0-9a-f]{20}$/);
  const secretBox = page.getByRole('region', { name: 'Signing secret' });
  const secret = await secretBox.getByRole('textbox').inputValue();
  assert.match(secret, /^whsec_/);
  await shot(page, 'created-secret-once');

  await page.getByRole('button', { name: 'Send test event' }).click();
  await waitFor(() => ctx.received.find((r) => r.body?.type === 'webhook.test'), { what: 'the test event at the receiver', timeoutMs: 30_000 });
  const first = ctx.received.find((r) => r.body?.type === 'webhook.test');
  assert.equal(first.path, '/hooks/wa');
  assert.ok(first.headers['webhook-signature'], 'signed');
  const log = page.getByRole('list', { name: 'Deliveries' });
  const delivery = log.locator('li[data-event-type="webhook.test"][data-status="succeeded"]');
  await delivery.first().waitFor({ timeout: 30_000 });
  await delivery.first().getByText('HTTP 200').waitFor();
  await shot(page, 'delivered');

  await delivery.first().getByRole('button', { name: 'Redeliver' }).click();
  await waitFor(() => ctx.received.filter((r) => r.body?.type === 'webhook.test').length === 2, { what: 'the redelivery at the receiver', timeoutMs: 30_000 });
  const [a, b] = ctx.received.filter((r) => r.body?.type === 'webhook.test');
  assert.equal(a.headers['webhook-id'], b.headers['webhook-id'], 'a redelivery is the same event');
  await waitFor(async () => (await delivery.count()) === 2, { what: 'two deliveries in the log' });
  await shot(page, 'redelivered');

  page.expectConfirm();
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  await waitFor(async () => {
    const v = await page.getByRole('region', { name: 'Signing secret' }).getByRole('textbox').inputValue();
    return v !== secret && v.startsWith('whsec_');
  }, { what: 'the new secret' });
  await page.getByText(/The previous secret also signs until/).waitFor();
  await page.getByRole('button', { name: 'Done' }).click();
  assert.equal(await page.getByRole('region', { name: 'Signing secret' }).count(), 0, 'the secret is gone once dismissed');
  await shot(page, 'rotated');
  assert.deepEqual(page.problems, []);
}));
