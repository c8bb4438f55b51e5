// The dashboard's shell: who is signed in, which tenant is shown, and which page.
import {api} from './api.js';
import {h, show} from './dom.js';
import {signInPage} from './signin.js';
import {appsPage} from './apps.js';
import {appPage} from './app.js';
import {tokensPage} from './tokens.js';
import {adminPage} from './admin.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');

/** What the page shown asked to stop when it is left: its streams and its refreshing. */
let leaving = [];

/**
 * What every page gets: the caller, the tenant shown, a way to go elsewhere, and a way to stop
 * what it started when it is left.
 */
const context = {
  me: null,
  tenants: [],
  go: hash => { location.hash = hash; },
  signedOut: () => route(),
  onLeave: stop => { leaving.push(stop); },
};

async function whoAmI() {
  const session = await api('GET', 'session');
  context.me = session.me;
  context.tenants = session.signedIn ? (await api('GET', 'tenants')).map(t => t.name) : [];
}

function roleIn(tenant) {
  if (context.me.admin) return 'admin';
  return context.me.tenants.find(t => t.tenant === tenant)?.role;
}

function navigation(tenant) {
  if (!context.me) return [];
  const switcher = h('select', {
    'aria-label': 'Tenant',
    onchange: e => context.go(`#/t/${e.target.value}`),
  }, context.tenants.map(t => h('option', {value: t, selected: t === tenant}, t)));
  const signOut = h('button', {
    class: 'link',
    onclick: async () => {
      await api('DELETE', 'session');
      context.me = null;
      context.go('#/');
      await route();
    },
  }, 'Sign out');
  return [
    context.tenants.length > 1 ? switcher : h('span', {class: 'tenant'}, tenant ?? ''),
    tenant && h('a', {href: `#/t/${tenant}`}, 'Apps'),
    tenant && ['owner', 'admin'].includes(roleIn(tenant)) && h('a', {href: `#/t/${tenant}/tokens`}, 'Members and tokens'),
    context.me.admin && h('a', {href: '#/admin'}, 'Platform'),
    h('span', {class: 'who'}, context.me.name.replace(/^user:/, '')),
    signOut,
  ];
}

async function route() {
  for (const stop of leaving.splice(0)) stop();
  if (!context.me) await whoAmI();
  if (!context.me) {
    show(nav);
    show(main, signInPage(context, async () => {
      await whoAmI();
      await route();
    }));
    return;
  }
  const path = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (path[0] === 'admin' && context.me.admin) {
    show(nav, navigation(null));
    show(main, adminPage(context));
    main.focus();
    return;
  }
  if (path[0] !== 't' || !path[1]) {
    const first = context.tenants[0];
    if (first) context.go(`#/t/${first}`);
    else if (context.me.admin) context.go('#/admin');
    else show(main, h('p', {}, 'You belong to no tenant yet: ask a tenant\'s owner to add you.'));
    show(nav, navigation(null));
    return;
  }
  const [, tenant, section, app] = path;
  if (!context.tenants.includes(tenant)) {
    // Created since the list was read, perhaps; or not the caller's, and the page will say so.
    context.tenants = (await api('GET', 'tenants')).map(t => t.name);
  }
  show(nav, navigation(tenant));
  const page = { role: roleIn(tenant), ...context, tenant };
  if (section === 'apps' && app) show(main, appPage(page, app));
  else if (section === 'tokens') show(main, tokensPage(page));
  else show(main, appsPage(page));
  main.focus();
}

window.addEventListener('hashchange', () => route());
route().catch(e => show(main, h('p', {class: 'error', role: 'alert'}, e.message)));
