// The platform admin's page: the platform's health and events, tenants with their quotas and
// usage, and users.
import {api} from './api.js';
import {h, show, errorSlot, time} from './dom.js';
import {platformHealth} from './platform.js';

export function adminPage(page) {
  const tenants = h('tbody');
  const users = h('tbody');
  const error = errorSlot();

  async function refresh() {
    const [allTenants, allUsers] = await Promise.all([api('GET', 'tenants'), api('GET', 'users')]);
    show(tenants, allTenants.map(t => h('tr', {},
      h('td', {}, h('a', {href: `#/t/${t.name}`}, t.name)), h('td', {}, t.uid),
      h('td', {}, quotaForm(t)),
      h('td', {}, `${t.usage.memory ?? '0B'}, ${t.usage.apps} apps, ${t.usage.instances} instances`))));
    show(users, allUsers.map(u => h('tr', {},
      h('td', {}, u.name), h('td', {}, u.admin ? 'admin' : ''), h('td', {}, time(u.createdAt)),
      h('td', {}, h('button', {class: 'secondary', onclick: () => act(() => api('DELETE', `users/${encodeURIComponent(u.name)}`))}, `Delete ${u.name}`)))));
  }

  async function act(call) {
    error.set(null);
    try {
      await call();
      await refresh();
    } catch (e) {
      error.set(e);
    }
  }

  function quotaForm(tenant) {
    const field = (name, value, label) => h('input', {name, value: value ?? '', size: 6, 'aria-label': `${label} quota of ${tenant.name}`, placeholder: 'none'});
    const memory = field('memory', tenant.quota.memory, 'Memory');
    const apps = field('apps', tenant.quota.apps, 'Apps');
    const instances = field('instances', tenant.quota.instances, 'Instances');
    const number = input => (input.value === '' ? null : Number(input.value));
    return h('form', {class: 'inline', onsubmit: e => {
      e.preventDefault();
      act(() => api('PUT', `tenants/${tenant.name}/quota`, {memory: memory.value || null, apps: number(apps), instances: number(instances)}));
    }}, memory, apps, instances, h('button', {type: 'submit', class: 'secondary'}, 'Set'));
  }

  const tenantName = h('input', {id: 'tenant-name', name: 'name', required: true});
  const userName = h('input', {id: 'user-name', name: 'name', autocomplete: 'off', required: true});
  const password = h('input', {id: 'user-password', name: 'password', type: 'password', autocomplete: 'new-password', required: true});
  const admin = h('input', {id: 'user-admin', name: 'admin', type: 'checkbox'});
  refresh().catch(e => error.set(e));
  return h('section', {},
    h('h1', {}, 'Platform'), error,
    platformHealth(page),
    h('section', {class: 'card'}, h('h2', {}, 'Tenants'),
      h('form', {class: 'inline', onsubmit: e => {
        e.preventDefault();
        act(async () => {
          await api('POST', 'tenants', {name: tenantName.value});
          tenantName.value = '';
        });
      }}, h('label', {for: 'tenant-name'}, 'New tenant'), tenantName, h('button', {type: 'submit'}, 'Create tenant')),
      h('table', {}, h('thead', {}, h('tr', {}, ['Tenant', 'Uid', 'Quota: memory, apps, instances', 'Usage'].map(t => h('th', {scope: 'col'}, t)))), tenants)),
    h('section', {class: 'card'}, h('h2', {}, 'Users'),
      h('form', {class: 'grid', onsubmit: e => {
        e.preventDefault();
        act(async () => {
          await api('POST', 'users', {name: userName.value, password: password.value, admin: admin.checked});
          userName.value = '';
          password.value = '';
        });
      }}, h('label', {for: 'user-name'}, 'User name'), userName, h('label', {for: 'user-password'}, 'Password'), password,
      h('label', {for: 'user-admin'}, 'Platform admin'), admin, h('button', {type: 'submit'}, 'Create user')),
      h('table', {}, h('thead', {}, h('tr', {}, ['User', 'Rights', 'Created', ''].map(t => h('th', {scope: 'col'}, t)))), users)));
}
