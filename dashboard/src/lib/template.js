// The broadcast template, rendered exactly as the server does (BroadcastRules.Render): {{name}} becomes the
// recipient's name (empty without one); {{name|friend}} falls back to "friend". Case-insensitive, spaces allowed.
const TOKEN = /\{\{\s*name\s*(?:\|([^{}]*))?\}\}/gi;

export const renderTemplate = (template, name) =>
  template.replace(TOKEN, (_, fallback) => name ?? (fallback !== undefined ? fallback.trim() : ''));

export const usesName = (template) => new RegExp(TOKEN.source, 'i').test(template);
