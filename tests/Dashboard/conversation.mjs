// Shared by the conversation suites: a stack with receipts driven by hand, one linked number and a chat with Asha;
// a signed-in page on that conversation that records every request URL (the key must never be in one); the id of a
// message by its text; a picture loaded from a blob: URL.
import { after, before } from 'node:test';
import { startStack, launchBrowser, openPage, signIn, waitFor, linkedSession, skipReason } from './stack.mjs';

export const ASHA = '919812345678';
export const CHAT = `${ASHA}@s.whatsapp.net`;

/** Registers the suite's before/after on `ctx`: ctx.stack, ctx.browser, ctx.session, ctx.inbound(content). */
export function conversationSuite(ctx) {
  before(async () => {
    if (skipReason) return;
    ctx.stack = await startStack({ engineEnv: { WA_SIM_DELIVERED_MS: '-1', WA_SIM_READ_MS: '-1' } });
    ctx.browser = await launchBrowser();
    ctx.session = await linkedSession(ctx.stack, 'Shop');
    ctx.inbound = (content) => ctx.stack.api('POST', `/dev/sessions/${ctx.session.id}/inbound`, { from: ASHA, name: 'Asha Rao', ...content });
    await ctx.inbound({ text: 'Hello, do you sell prints?' });
    await waitFor(async () => (await ctx.stack.api('GET', `/chats?sessionId=${ctx.session.id}`)).data.length > 0, { what: 'the chat' });
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.stack?.stop();
  });
}

/** A signed-in page on Asha's conversation; `page.keyInUrl()` lists request URLs that carried the key. */
export async function openConversation(ctx, key = ctx.stack.adminKey, viewport) {
  const page = await openPage(ctx.browser, viewport);
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  page.keyInUrl = () => urls.filter((u) => u.includes(key));
  await signIn(page, ctx.stack.dashboard, key);
  await page.goto(`${ctx.stack.dashboard}/chats?session=${ctx.session.id}&chat=${encodeURIComponent(CHAT)}`);
  const conversation = page.getByRole('region', { name: /Conversation with Asha Rao/ });
  await conversation.locator('li.msg').first().waitFor();
  return { page, conversation };
}

/** The id of the chat's message whose body is `body` (from the API's history). */
export function idOf(ctx, body) {
  return waitFor(async () => {
    const { data } = await ctx.stack.api('GET', `/chats/${encodeURIComponent(CHAT)}/messages?sessionId=${ctx.session.id}&limit=100`);
    return data.find((m) => m.body === body)?.messageId;
  }, { what: `the message "${body}"` });
}

/** Waits until `img` shows a width × height picture from a blob: URL. */
export const loaded = (img, width, height) =>
  waitFor(() => img.evaluate((i, [w, h]) => i.complete && i.naturalWidth === w && i.naturalHeight === h && i.src.startsWith('blob:'), [width, height]), {
    what: `a ${width}×${height} picture from a blob: URL`,
  });
