// What the signed-in key may do, from GET /me. A key with "*" holds every scope.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const KeyContext = createContext({ me: null, can: () => false });
export const useKey = () => useContext(KeyContext);

export const holds = (me, scope) => !!me && (scope === '' || me.scopes.includes('*') || me.scopes.includes(scope));

export const ALL_SCOPES = [
  ['sessions:read', 'See numbers and their status'],
  ['sessions:write', 'Link, connect, disconnect numbers; pacing'],
  ['chats:read', 'Read chats and messages'],
  ['chats:write', 'Mark read; assign, resolve, tag conversations; notes, tags, quick replies'],
  ['groups:read', 'See groups and their members'],
  ['groups:write', 'Create groups, change members and settings'],
  ['agents:read', 'See the agents'],
  ['agents:write', 'Add, change, remove agents'],
  ['analytics:read', 'Read inbox and broadcast analytics'],
  ['messages:write', 'Send messages'],
  ['contacts:read', 'Read contacts'],
  ['contacts:write', 'Create and edit contacts'],
  ['tickets:read', 'Read tickets'],
  ['tickets:write', 'Create and edit tickets'],
  ['broadcasts:read', 'See broadcasts and their recipients'],
  ['broadcasts:write', 'Create, pause, resume, cancel broadcasts'],
  ['webhooks:read', 'See webhooks and delivery logs'],
  ['webhooks:write', 'Create, test, change webhooks'],
  ['keys:manage', 'Manage API keys (only within its own scopes)'],
  ['*', 'Everything, including the simulator tools'],
];
