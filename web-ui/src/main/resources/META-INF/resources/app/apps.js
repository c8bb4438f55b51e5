// A tenant's apps with their live status, refreshed every few seconds.
import {api} from './api.js';
import {h, show, errorSlot, bytes} from './dom.js';

const REFRESH_MS = 5000;

export function appsPage(page) {
  const list = h('div', {class: 'apps', 'aria-live': 'polite'}, h('p', {class: 'muted'}, 'Loading…'));
  const error = errorSlot();
  const name = h('input', {id: 'new-app', name: 'name', placeholder: 'hello', required: true});
  const create = page.role !== 'viewer' && h('form', {
    class: 'inline',
    onsubmit: async e => {
      e.preventDefault();
      error.set(null);
      try {
        await api('POST', `tenants/${page.tenant}/apps`, {name: name.value});
        page.go(`#/t/${page.tenant}/apps/${name.value}`);
      } catch (e) {
        error.set(e);
      }
    },
  }, h('label', {for: 'new-app'}, 'New app'), name, h('button', {type: 'submit'}, 'Create'), error);

  async function refresh() {
    if (!list.isConnected && list.dataset.started) return false;
    list.dataset.started = 'yes';
    const apps = await api('GET', `tenants/${page.tenant}/apps`);
    const rows = await Promise.all(apps.map(async app => {
      const metrics = await api('GET', `tenants/${page.tenant}/apps/${app.name}/metrics?last=PT30S`);
      const used = metrics.instances.map(s => s.samples.at(-1)?.memoryBytes ?? 0).reduce((a, b) => a + b, 0);
      const limit = parseSize(app.limits.memory) * Math.max(app.instances.length, 1);
      return h('a', {class: 'app card', href: `#/t/${page.tenant}/apps/${app.name}`},
        h('strong', {}, app.name),
        h('span', {class: `status ${app.status}`}, app.status),
        h('span', {}, app.liveRelease ? `v${app.liveRelease}` : 'no release'),
        h('span', {}, `${app.instances.filter(i => i.state === 'running').length}/${app.scale} instances`),
        h('span', {class: 'meter', title: 'memory used / limit'},
          h('meter', {min: 0, max: limit, value: used, 'aria-label': `memory of ${app.name}`}),
          ` ${bytes(used)} / ${bytes(limit)}`));
    }));
    show(list, rows.length ? rows : h('p', {class: 'muted'}, 'No apps yet.'));
    return true;
  }

  let left = false;
  page.onLeave(() => { left = true; });
  const loop = async () => {
    if (left) return;
    try {
      if (await refresh() !== false) setTimeout(loop, REFRESH_MS);
    } catch (e) {
      error.set(e);
    }
  };
  loop();
  return h('section', {}, h('h1', {}, `Apps of ${page.tenant}`), create, list);
}

export function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B?)?$/i.exec(text ?? '');
  if (!match) return 0;
  const power = {k: 1, m: 2, g: 3, t: 4}[(match[2] ?? 'B')[0].toLowerCase()] ?? 0;
  return Number(match[1]) * 1024 ** power;
}
