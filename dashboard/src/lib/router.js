// A small history router under the page's base path: /dashboard/<screen>/<id>?<params>.
import { useEffect, useState } from 'preact/hooks';

export const BASE_PATH = '/dashboard';

const current = () => {
  const path = location.pathname.startsWith(BASE_PATH) ? location.pathname.slice(BASE_PATH.length) : '/';
  return { path: path.replace(/\/+$/, '') || '/', params: new URLSearchParams(location.search) };
};

export const href = (to) => BASE_PATH + (to.startsWith('/') ? to : `/${to}`);

export function navigate(to, { replace = false } = {}) {
  const url = href(to);
  if (url === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  dispatchEvent(new Event('wa:navigate'));
}

export function useRoute() {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    addEventListener('popstate', update);
    addEventListener('wa:navigate', update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener('wa:navigate', update);
    };
  }, []);
  return route;
}

/** Plain left clicks navigate in place; modified clicks (new tab) keep the browser's behaviour. */
export function onLinkClick(event, to) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}
