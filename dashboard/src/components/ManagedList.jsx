// A list the team keeps through the API (agents, tags, quick replies): cards, a form to add one or change one, delete
// after a confirmation. Writes need `scope` (disabled with the reason otherwise); the API's message shows where the
// action was taken. A change sends only the fields that changed; one emptied is sent as null (the API clears it).
import { useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { Action, Empty, ErrorText, Field, FormButtons, Loaded, useAction, useAutoFocus } from './ui.jsx';

/**
 * @param {{ noun: string, plural: string, path: string, scope: string, resource: object, fields: Array<{ key: string, label: string,
 *   type?: string, options?: string[], required?: boolean, hint?: string, maxLength?: number, initial?: string }>,
 *   title: (item: object) => string, Details: (props: { item: object }) => any, empty: string }} props
 */
export function ManagedList({ noun, plural, path, scope, resource, fields, title, Details, empty }) {
  const [editing, setEditing] = useState(null); // null | 'new' | item
  const done = () => (setEditing(null), resource.reload());
  return (
    <>
      <div class="row">
        <Action scope={scope} onClick={() => setEditing('new')} aria-expanded={editing === 'new' ? 'true' : 'false'}>
          New {noun}
        </Action>
      </div>
      {editing && (
        <ItemForm key={editing === 'new' ? 'new' : editing.id} noun={noun} path={path} fields={fields} item={editing === 'new' ? null : editing} title={title} onDone={done} onCancel={() => setEditing(null)} />
      )}
      <Loaded resource={resource} what={plural.toLowerCase()}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{empty}</Empty>
          ) : (
            <ul class="cards" aria-label={plural}>
              {items.map((item) => (
                <ItemCard key={item.id} item={item} noun={noun} path={path} scope={scope} title={title} Details={Details} onEdit={() => setEditing(item)} onDeleted={resource.reload} />
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

function ItemCard({ item, noun, path, scope, title, Details, onEdit, onDeleted }) {
  const [run, { busy, error }] = useAction();
  const name = title(item);
  return (
    <li class="card" data-id={item.id}>
      <h3 class="card-title">{name}</h3>
      <Details item={item} />
      <ErrorText error={error} />
      <div class="row">
        <Action scope={scope} class="secondary" onClick={onEdit} aria-label={`Edit ${name}`}>
          Edit
        </Action>
        <Action
          scope={scope}
          class="danger"
          busy={busy}
          aria-label={`Delete ${name}`}
          onClick={() => confirm(`Delete the ${noun} ${name}?`) && run(async () => (await api.del(`${path}/${seg(item.id)}`), onDeleted()))}
        >
          Delete
        </Action>
      </div>
    </li>
  );
}

function ItemForm({ noun, path, fields, item, title, onDone, onCancel }) {
  const initial = Object.fromEntries(fields.map((f) => [f.key, item ? item[f.key] ?? '' : f.initial ?? '']));
  const [form, setForm] = useState(initial);
  const [run, { busy, error }] = useAction();
  const first = useAutoFocus();
  const label = item ? `Edit ${title(item)}` : `New ${noun}`;
  const submit = (e) => {
    e.preventDefault();
    const body = {};
    for (const f of fields) {
      const v = typeof form[f.key] === 'string' ? form[f.key].trim() : form[f.key];
      if (item && v !== initial[f.key]) body[f.key] = v === '' ? null : v;
      else if (!item && v !== '') body[f.key] = v;
    }
    run(async () => {
      if (item) await api.patch(`${path}/${seg(item.id)}`, body);
      else await api.post(path, body);
      onDone();
    });
  };
  return (
    <form class="panel form" onSubmit={submit} aria-label={label}>
      <h3>{label}</h3>
      <div class="grid2">
        {fields.map((f, i) => {
          const props = {
            ref: i === 0 ? first : undefined,
            value: form[f.key],
            required: f.required,
            maxLength: f.maxLength,
            onInput: (e) => setForm({ ...form, [f.key]: e.currentTarget.value }),
          };
          return (
            <Field key={f.key} label={f.required ? `${f.label} *` : f.label} hint={f.hint} wide={f.type === 'textarea'}>
              {f.type === 'select' ? (
                <select {...props} onChange={props.onInput}>
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : f.type === 'textarea' ? (
                <textarea rows={3} {...props} />
              ) : (
                <input type={f.type ?? 'text'} {...props} />
              )}
            </Field>
          );
        })}
      </div>
      <ErrorText error={error} />
      <FormButtons busy={busy} onCancel={onCancel}>
        {item ? 'Save' : `Create ${noun}`}
      </FormButtons>
    </form>
  );
}
