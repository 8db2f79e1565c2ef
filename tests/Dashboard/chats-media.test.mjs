// Files in a conversation, on one stack with receipts driven by hand: a text and a photo sent from the composer (the
// photo attached with the keyboard, uploaded by POST /media) tick to read; an inbound photo shows its preview without
// a reload, fetched with the key in a header only; a stranger's markup and file name stay text and the document
// downloads; a read-only key sees the pictures but gets no send controls; 375 px fits. Other kinds: chats-kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { screenshots, noReload, skipReason, step, waitFor } from './stack.mjs';
import { conversationSuite, openConversation, loaded } from './conversation.mjs';
import { png } from './png.mjs';

const ctx = {};
const shot = screenshots('chats-media');
const opts = { skip: skipReason ?? false, timeout: 180_000 };
conversationSuite(ctx);

const receipt = (messageId, status) => ctx.stack.api('POST', `/dev/sessions/${ctx.session.id}/status`, { messageId, status });

test('a text and a photo sent from the composer tick to read; an inbound photo previews without a reload', opts, step(ctx, async () => {
  const { page, conversation } = await openConversation(ctx);
  const same = await noReload(page);
  const composer = conversation.getByRole('textbox', { name: 'Message' });
  await composer.focus();
  await page.keyboard.type('We do. Here is the red one:');
  await page.keyboard.press('Enter');
  const text = conversation.locator('li.msg.out').filter({ hasText: 'We do. Here is the red one:' });
  await text.locator('.ticks[data-status="sent"]').waitFor();

  // Keyboard only: Tab back to "Attach", Enter opens the file chooser. Chromium opens it only within a moment of the
  // key press (user activation), which a loaded machine can outlast: then the press is simply repeated.
  const picture = png(40, 30, [220, 30, 30]);
  await composer.focus();
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Attach a file');
  const chooser = await waitFor(async () => {
    const opened = page.waitForEvent('filechooser', { timeout: 5000 });
    await page.keyboard.press('Enter');
    return opened;
  }, { what: 'the file chooser' });
  await chooser.setFiles({ name: 'red.png', mimeType: 'image/png', buffer: picture });
  const attachment = conversation.getByRole('group', { name: 'Attachment' });
  await attachment.getByText('red.png').waitFor();
  await attachment.getByText(/sent as photo/).waitFor();
  await composer.focus();
  await page.keyboard.type('the red print');
  await shot(page, 'photo-attached');
  await page.keyboard.press('Enter');

  const photo = conversation.locator('li.msg.out[data-type="image"]').filter({ hasText: 'the red print' });
  await photo.waitFor();
  await attachment.waitFor({ state: 'detached' });
  await loaded(photo.locator('img.media-img'), 40, 30);
  await photo.locator('.ticks[data-status="sent"]').waitFor();
  const photoId = await photo.getAttribute('data-message-id');
  const { data: sent } = await ctx.stack.api('GET', `/messages/${photoId}`);
  assert.equal(sent.kind, 'image');
  assert.equal(sent.media.sha256, createHash('sha256').update(picture).digest('hex'), 'the bytes sent are the file attached');
  assert.equal(sent.media.caption, 'the red print');
  await shot(page, 'sent');

  const textId = await text.getAttribute('data-message-id');
  for (const status of ['delivered', 'read']) {
    await receipt(textId, status);
    await receipt(photoId, status);
    await text.locator(`.ticks[data-status="${status}"]`).waitFor();
    await photo.locator(`.ticks[data-status="${status}"]`).waitFor();
    await shot(page, status);
  }

  const theirs = png(24, 48, [30, 90, 220]);
  await ctx.inbound({ image: { data: theirs.toString('base64'), caption: 'this blue one?' } });
  const inbound = conversation.locator('li.msg.in[data-type="image"]').filter({ hasText: 'this blue one?' });
  await loaded(inbound.locator('img.media-img'), 24, 48);
  assert.equal(await inbound.locator('img.media-img').getAttribute('alt'), 'Photo: this blue one?');
  await shot(page, 'inbound-photo');

  assert.ok(await same(), 'nothing needed a reload');
  assert.deepEqual(page.keyInUrl(), [], 'the key is never in a URL');
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test("a stranger's markup and file name stay text, and the document downloads under its name", opts, step(ctx, async () => {
  const { page, conversation } = await openConversation(ctx);
  const hostile = '<img src=x onerror=alert(1)>';
  const name = '<img src=x onerror=alert(2)>.pdf';
  await ctx.inbound({ text: hostile });
  await ctx.inbound({ document: { data: Buffer.from('%PDF-1.4 invoice').toString('base64'), fileName: name, mimetype: 'application/pdf', caption: '<b>invoice</b>' } });
  const xss = conversation.locator('li.msg.in').filter({ hasText: hostile });
  await xss.waitFor();
  assert.equal(await xss.locator('.msg-text').textContent(), hostile);
  const doc = conversation.locator('li.msg.in[data-type="document"]');
  await doc.locator('.file-name').waitFor();
  assert.equal(await doc.locator('.file-name').textContent(), name);
  assert.equal(await doc.locator('.msg-text').textContent(), '<b>invoice</b>');
  assert.equal(await page.locator('img[src="x"], b').count(), 0, 'no element was made from a message');
  await shot(page, 'markup-as-text');

  const [download] = await Promise.all([page.waitForEvent('download'), doc.getByRole('button', { name: 'Download' }).click()]);
  assert.match(download.suggestedFilename(), /onerror=alert\(2\)/);
  assert.equal(await readFile(await download.path(), 'utf8'), '%PDF-1.4 invoice');
  assert.deepEqual(page.keyInUrl(), []);
  assert.deepEqual(page.problems, [], 'no dialog, no script error, no CSP violation');
  await page.close();
}));

test('a key with only chats:read sees the media but gets no send controls', opts, step(ctx, async () => {
  const { data: reader } = await ctx.stack.api('POST', '/api-keys', { name: 'reader', scopes: ['chats:read', 'sessions:read'] });
  await ctx.inbound({ image: { data: png(12, 20, [200, 200, 0]).toString('base64'), caption: 'for the reader' } });
  const { page, conversation } = await openConversation(ctx, reader.key);
  await conversation.getByText('Needs the messages:write scope to reply.').waitFor();
  await loaded(conversation.locator('li.msg.in[data-type="image"]').filter({ hasText: 'for the reader' }).locator('img.media-img'), 12, 20);
  assert.equal(await conversation.getByRole('textbox', { name: 'Message' }).count(), 0);
  assert.equal(await conversation.getByRole('button', { name: /^Reply to/ }).count(), 0);
  assert.equal(await conversation.getByRole('button', { name: 'Attach a file' }).count(), 0);
  assert.equal(await conversation.getByRole('button', { name: 'Mark read' }).count(), 0, 'mark read needs chats:write');
  await shot(page, 'read-only');
  assert.deepEqual(page.keyInUrl(), []);
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test('on a 375 px phone the conversation with pictures and the composer fit', opts, step(ctx, async () => {
  await ctx.inbound({ image: { data: png(1200, 300, [90, 90, 90]).toString('base64'), caption: 'a wide one' } });
  const { page, conversation } = await openConversation(ctx, ctx.stack.adminKey, { width: 375, height: 760 });
  await loaded(conversation.locator('li.msg.in[data-type="image"]').filter({ hasText: 'a wide one' }).locator('img.media-img'), 1200, 300);
  await conversation.getByRole('button', { name: 'Attach a file' }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  const box = await conversation.getByRole('textbox', { name: 'Message' }).boundingBox();
  assert.ok(box.width >= 150, `the text box keeps room to type (${box.width}px)`);
  await shot(page, 'phone');
  assert.deepEqual(page.problems, []);
  await page.close();
}));
