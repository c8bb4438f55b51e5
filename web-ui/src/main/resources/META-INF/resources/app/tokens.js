// A tenant's members (users and their roles) and API tokens: minted (and shown) once, listed with
// their last use, revoked at once.
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
        show(minted, h('p', {}, `Token “${token.name}” (shown once, copy it now):`), h('code', {class: 'secret'}, token.token),
          h('p', {}, 'Use it from the command line:'),
          h('pre', {'aria-label': 'Command line'}, `curl -fsSL ${location.origin}/cli/install.sh | sh\n`
            + `paddock login --url ${location.origin} --tenant ${page.tenant} --token ${token.token}`));
        name.value = '';
        await refresh();
      } catch (e) {
        error.set(e);
      }
    },
  }, h('label', {for: 'token-name'}, 'Name'), name, h('label', {for: 'token-role'}, 'Role'), role,
  h('label', {for: 'token-expires'}, 'Expires in'), expires, h('button', {type: 'submit'}, 'Mint token'), error);

  const members = h('tbody');
  const memberName = h('input', {id: 'member-name', name: 'user', required: true});
  const memberRole = h('select', {id: 'member-role', name: 'role'}, ['developer', 'viewer', 'owner'].map(r => h('option', {value: r}, r)));
  async function refreshMembers() {
    const list = await api('GET', `tenants/${page.tenant}/members`);
    show(members, list.map(m => h('tr', {}, h('td', {}, m.user), h('td', {}, m.role),
      h('td', {}, h('button', {class: 'secondary', onclick: async () => {
        try {
          await api('DELETE', `tenants/${page.tenant}/members/${encodeURIComponent(m.user)}`);
          await refreshMembers();
        } catch (e) {
          error.set(e);
        }
      }}, `Remove ${m.user}`)))));
  }
  const grant = h('form', {
    class: 'inline',
    onsubmit: async e => {
      e.preventDefault();
      error.set(null);
      try {
        await api('PUT', `tenants/${page.tenant}/members/${encodeURIComponent(memberName.value)}`, {role: memberRole.value});
        memberName.value = '';
        await refreshMembers();
      } catch (e) {
        error.set(e);
      }
    },
  }, h('label', {for: 'member-name'}, 'User'), memberName, h('label', {for: 'member-role'}, 'Role'), memberRole, h('button', {type: 'submit'}, 'Add or change'));

  refresh().catch(e => error.set(e));
  refreshMembers().catch(e => error.set(e));
  return h('section', {},
    h('h1', {}, `Members and tokens of ${page.tenant}`),
    h('section', {class: 'card'}, h('h2', {}, 'Members'), grant,
      h('table', {}, h('thead', {}, h('tr', {}, ['User', 'Role', ''].map(t => h('th', {scope: 'col'}, t)))), members)),
    h('section', {class: 'card'}, h('h2', {}, 'Tokens'), form, minted),
    h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Role', 'Last used', 'Expires', ''].map(t => h('th', {scope: 'col'}, t)))), list));
}
