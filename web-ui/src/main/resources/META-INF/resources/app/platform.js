// The platform's own state, for its admin: the database, Docker and the edge as the actuator's
// health reports them, the edge's restarts, and the platform's events.
import {api} from './api.js';
import {h, show, time} from './dom.js';

const REFRESH_MS = 5000;
const LABELS = {database: 'Database', docker: 'Docker', edge: 'Edge'};

export function platformHealth(page) {
  const parts = h('tbody');
  const events = h('ol', {class: 'events', 'aria-label': 'Platform events'});
  const problem = h('p', {class: 'error', role: 'alert', hidden: true});

  async function refresh() {
    let platform;
    try {
      platform = await api('GET', 'platform');
      problem.hidden = true;
    } catch (e) {
      problem.textContent = e.message;
      problem.hidden = false;
      return;
    }
    show(parts, platform.parts.map(p => h('tr', {class: `part ${p.status.toLowerCase()}`},
      h('th', {scope: 'row'}, LABELS[p.name] ?? p.name),
      h('td', {}, h('span', {class: `badge ${p.status.toLowerCase()}`}, p.status)),
      h('td', {}, detail(p)))));
    show(events, platform.events.length === 0 ? h('li', {}, 'Nothing has happened to the platform yet.')
      : platform.events.map(e => h('li', {class: e.type.replaceAll('.', '-')},
        h('time', {}, time(e.at)), ' ', h('span', {class: 'badge'}, e.type),
        e.replica ? h('span', {class: 'replica'}, ` seen by ${e.replica}`) : '', h('pre', {}, e.message))));
  }

  let left = false;
  page.onLeave(() => { left = true; });
  const loop = async () => {
    if (left) return;
    await refresh();
    setTimeout(loop, REFRESH_MS);
  };
  loop();
  return h('section', {class: 'card platform'}, h('h2', {}, 'Platform health'), problem,
    h('table', {}, h('thead', {}, h('tr', {}, ['Part', 'State', 'Details'].map(t => h('th', {scope: 'col'}, t)))), parts),
    h('h3', {}, 'Platform events'), events);
}

/** What the admin needs of a part's details: why it is down, and the edge's restarts. */
function detail(part) {
  const d = part.details ?? {};
  const said = [];
  if (part.name === 'edge') {
    said.push(`${d.mode ?? 'managed'} httpd`);
    if (d.restarts != null) said.push(`restarts: ${d.restarts}`);
    if (d.lastRestart) said.push(`last restart: ${time(d.lastRestart)}`);
  }
  if (part.name === 'docker' && d.host) said.push(d.host);
  if (part.name === 'database' && d.database) said.push(d.database);
  const why = d.problem ?? d.error;
  if (why) said.push(why);
  return said.join(' · ');
}
