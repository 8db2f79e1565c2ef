// A conversation tag: its name as text, its colour (validated #rrggbb by the API) as a stripe set through the CSSOM,
// which the page's style-src 'self' policy allows.
export function TagChip({ tag, children }) {
  return (
    <span class="tag tag-color" style={{ '--tag': tag.color }} data-tag={tag.id}>
      {tag.name}
      {children}
    </span>
  );
}

/** The tags of `ids` that still exist, in the team's order. */
export const tagsOf = (ids, tags) => (tags ?? []).filter((t) => ids?.includes(t.id));
