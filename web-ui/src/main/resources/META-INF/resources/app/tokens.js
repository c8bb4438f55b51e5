// A tenant's API tokens: minted (and shown) once, listed with their last use, revoked at once.
import {api} from './api.js';
import {h, show, errorSlot, time} from './dom.js';

export function tokensPage(page) {
  const base = `tenants/${page.tenant}/tokens`;
  const list = h('tbody');
  const error = errorSlot();
  const minted = h('div', {role: 'status'});
  const name = h('input', {id: 'token-name', name: 'name', required: true});
  const role = h('select', {id: 'token-role', name: 'role'}, ['developer', 'viewer', 'owner'].map(r => h('option', {value: r}, r)));
  const expires = h('input', {id: 'token-expires', name: 'expiresIn', placeholder: 'P30D, or empty for never'});

  async function refresh() {
    const tokens = await api('GET', base);
    show(list, tokens.map(t => h('tr', {},
      h('td', {}, t.name), h('td', {}, t.role), h('td', {}, time(t.lastUsedAt)), h('td', {}, time(t.expiresAt)),
      h('td', {}, t.revokedAt ? `revoked ${time(t.revokedAt)}`
        : h('button', {class: 'secondary', onclick: async () => {
          try {
            await api('DELETE', `${base}/${encodeURIComponent(t.name)}`);
            await refresh();
          } catch (e) {
            error.set(e);
          }
        }}, `Revoke ${t.name}`)))));
  }

  const form = h('form', {
    class: 'grid',
    onsubmit: async e => {
      e.preventDefault();
      error.set(null);
      try {
        const token = await api('POST', base, {name: name.value, role: role.value, ...(expires.value ? {expiresIn: expires.value} : {})});
        show(minted, h('p', {}, `Token “${token.name}” (shown once, copy it now):`), h('code', {class: 'secret'}, token.token));
        name.value = '';
        await refresh();
      } catch (e) {
        error.set(e);
      }
    },
  }, h('label', {for: 'token-name'}, 'Name'), name, h('label', {for: 'token-role'}, 'Role'), role,
  h('label', {for: 'token-expires'}, 'Expires in'), expires, h('button', {type: 'submit'}, 'Mint token'), error);

  refresh().catch(e => error.set(e));
  return h('section', {},
    h('h1', {}, `Tokens of ${page.tenant}`), h('section', {class: 'card'}, form, minted),
    h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Role', 'Last used', 'Expires', ''].map(t => h('th', {scope: 'col'}, t)))), list));
}
