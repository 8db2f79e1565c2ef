// The other kinds in a conversation, on their own stack: a reply picked with the keyboard shows its quote (and theirs
// to ours), a reaction shows on its message, an edit is marked, a deletion says so, a poll shows its tallies as votes
// come in, a location its place with a map link, a contact card its name and number, a voice note its player or,
// where the page's policy does not let it play, a download; what arrives while the chat is open is marked read.
// Names and places stay text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { screenshots, skipReason, step, waitFor } from './stack.mjs';
import { conversationSuite, openConversation, idOf, ASHA } from './conversation.mjs';

const ctx = {};
const shot = screenshots('chats-kinds');
const opts = { skip: skipReason ?? false, timeout: 180_000 };
conversationSuite(ctx);

test('a reply picked with the keyboard shows its quote, and theirs to ours; a reaction, an edit and a deletion show on their message', opts, step(ctx, async () => {
  const { stack, session } = ctx;
  const { page, conversation } = await openConversation(ctx);
  await ctx.inbound({ text: 'Do you have it in blue?' });
  const question = conversation.locator('li.msg.in').filter({ hasText: 'Do you have it in blue?' });
  await question.waitFor();

  // Reply with the keyboard: the message's Reply button, the text, Enter.
  await question.getByRole('button', { name: /^Reply to Do you have it in blue\?/ }).focus();
  await page.keyboard.press('Enter');
  const replying = conversation.getByRole('group', { name: 'Replying to' });
  await replying.getByText('Do you have it in blue?').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Message', 'focus moves to the text');
  await page.keyboard.type('Yes, in navy too.');
  await page.keyboard.press('Enter');
  const answer = conversation.locator('li.msg.out').filter({ hasText: 'Yes, in navy too.' });
  await answer.locator('blockquote.quote').filter({ hasText: 'Them: Do you have it in blue?' }).waitFor();
  await replying.waitFor({ state: 'detached' });
  const questionId = await idOf(ctx, 'Do you have it in blue?');
  const answerId = await answer.getAttribute('data-message-id');
  assert.equal((await stack.api('GET', `/messages/${answerId}`)).data.replyTo.messageId, questionId, 'sent with replyTo');
  await shot(page, 'reply');

  // Their reply to ours, a reaction on ours, an edit of theirs.
  await ctx.inbound({ text: 'Perfect, navy it is', replyTo: answerId });
  await conversation.locator('li.msg.in').filter({ hasText: 'Perfect, navy it is' }).locator('blockquote.quote').filter({ hasText: 'You: Yes, in navy too.' }).waitFor();
  await stack.api('POST', `/dev/sessions/${session.id}/reaction`, { from: ASHA, messageId: answerId, emoji: '👍' });
  await answer.locator('.reactions li[data-emoji="👍"]').waitFor();
  await stack.api('POST', `/dev/sessions/${session.id}/edit`, { from: ASHA, messageId: questionId, body: 'Do you have it in navy?' });
  const edited = conversation.locator(`li.msg[data-message-id="${questionId}"]`);
  await edited.locator('.msg-text').filter({ hasText: 'Do you have it in navy?' }).waitFor();
  await edited.locator('.edited').waitFor();
  await stack.api('POST', `/dev/sessions/${session.id}/revoke`, { from: ASHA, messageId: await idOf(ctx, 'Perfect, navy it is') });
  await conversation.getByText('This message was deleted.').waitFor();
  await shot(page, 'reaction-edit-deletion');
  assert.deepEqual(page.problems, []);
  await page.close();
}));

test('a poll shows its tallies as votes come in; a location, a contact card and a voice note show their content as text; arrivals are marked read', opts, step(ctx, async () => {
  const { stack, session } = ctx;
  const { page, conversation } = await openConversation(ctx);
  const { id: pollId } = await stack.api('POST', '/messages', { to: ASHA, from: session.id, poll: { name: 'Which colour?', options: ['Navy', 'Blue'] } });
  const poll = conversation.locator(`li.msg[data-message-id="${pollId}"]`);
  await poll.getByText('Which colour?').waitFor();
  await stack.api('POST', `/dev/sessions/${session.id}/vote`, { pollId, voter: ASHA, options: ['Navy'] });
  await poll.locator('.poll-options li[data-votes="1"]').filter({ hasText: 'Navy' }).waitFor();
  await poll.getByText('1 voted').waitFor();
  await ctx.inbound({ location: { latitude: 12.9716, longitude: 77.5946, name: 'Shop <i>front</i>', address: '1 MG Road, Bengaluru' } });
  const place = conversation.locator('li.msg.in[data-type="location"]');
  await place.getByText('12.97160, 77.59460').waitFor();
  await place.getByText('Shop <i>front</i>').waitFor();
  const map = place.getByRole('link', { name: 'Open map' });
  assert.equal(await map.getAttribute('rel'), 'noopener noreferrer');
  assert.match(await map.getAttribute('href'), /^https:\/\/www\.openstreetmap\.org\/\?mlat=12\.9716&mlon=77\.5946/);
  await ctx.inbound({ contact: { fullName: 'Ravi Kumar', phoneNumber: '919800000001', organization: 'Kumar Tailors' } });
  const card = conversation.locator('li.msg.in[data-type="vcard"]');
  await card.getByText('Ravi Kumar').waitFor();
  await card.getByText('+919800000001').waitFor();

  // A voice note plays here where the page's policy allows media from blob:, else it is offered as a download.
  const voice = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60, 7)]);
  await ctx.inbound({ audio: { data: voice.toString('base64'), mimetype: 'audio/ogg; codecs=opus', ptt: true } });
  const note = conversation.locator('li.msg.in[data-type="ptt"]');
  await note.locator('audio').or(note.getByRole('button', { name: /^Download voice message/ })).first().waitFor();
  if (await note.locator('audio').count()) {
    await waitFor(() => note.locator('audio').evaluate((a) => a.src.startsWith('blob:')), { what: 'the voice note from a blob: URL' });
  } else {
    const [download] = await Promise.all([page.waitForEvent('download'), note.getByRole('button', { name: /^Download voice message/ }).click()]);
    assert.deepEqual(await readFile(await download.path()), voice);
  }
  await shot(page, 'poll-location-contact-voice');

  // Read while open: what arrived is marked read (blue ticks to them), up to the voice note, and the badge goes.
  const voiceAt = Date.parse(await note.locator('time').getAttribute('datetime')) / 1000;
  await waitFor(async () => {
    const chat = (await stack.api('GET', `/chats?sessionId=${session.id}`)).data.find((c) => c.chatId === `${ASHA}@s.whatsapp.net`);
    return chat.unreadCount === 0 && chat.lastTimestamp >= voiceAt;
  }, { what: 'the chat to be marked read after the voice note' });
  await page.locator('a.chat-item .unread').waitFor({ state: 'detached' });
  assert.equal(await page.locator('li.msg i').count(), 0, 'no element was made from a message');
  assert.deepEqual(page.problems, []);
  await page.close();
}));

