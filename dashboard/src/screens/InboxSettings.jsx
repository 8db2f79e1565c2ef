// Inbox settings: the team's tags (a name and a colour, put on conversations) and quick replies (a /shortcut the
// composer expands to its text).
import { allPages } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { useTags } from '../lib/inbox.js';
import { Page } from '../components/ui.jsx';
import { ManagedList } from '../components/ManagedList.jsx';
import { TagChip } from '../components/TagChip.jsx';

const TAG_FIELDS = [
  { key: 'name', label: 'Name', required: true, maxLength: 50 },
  { key: 'color', label: 'Colour', type: 'color', initial: '#9e9e9e' },
];
const REPLY_FIELDS = [
  { key: 'shortcut', label: 'Shortcut', required: true, maxLength: 33, hint: 'A / and letters, digits, - or _, e.g. /thanks.' },
  { key: 'text', label: 'Text', type: 'textarea', required: true, maxLength: 4096 },
];

export function InboxSettingsScreen() {
  const tags = useTags();
  const replies = useResource(() => allPages('/quick-replies', { limit: 1000 }), []);
  return (
    <Page title="Inbox settings">
      <section class="settings-section" aria-labelledby="tags-title">
        <h2 id="tags-title">Tags</h2>
        <ManagedList noun="tag" plural="Tags" path="/tags" scope="chats:write" resource={tags} fields={TAG_FIELDS} title={(t) => t.name} Details={TagDetails} empty="No tags yet." />
      </section>
      <section class="settings-section" aria-labelledby="replies-title">
        <h2 id="replies-title">Quick replies</h2>
        <p class="muted small">Type the shortcut in a conversation's message box to insert the text.</p>
        <ManagedList noun="quick reply" plural="Quick replies" path="/quick-replies" scope="chats:write" resource={replies} fields={REPLY_FIELDS} title={(q) => q.shortcut} Details={ReplyDetails} empty="No quick replies yet." />
      </section>
    </Page>
  );
}

const TagDetails = ({ item }) => (
  <p class="small">
    <TagChip tag={item} /> <span class="mono muted">{item.color}</span>
  </p>
);

const ReplyDetails = ({ item }) => <p class="notes small">{item.text}</p>;
