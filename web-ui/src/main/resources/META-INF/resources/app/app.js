// One app: deploy by drag and drop, rollouts live, releases, logs, charts and events; its settings
// come from settings.js, its JVM diagnostics from diagnostics.js.
import {api, upload, follow} from './api.js';
import {h, show, errorSlot, bytes, time} from './dom.js';
import {combine, memoryChart, cpuChart, requestsChart} from './charts.js';
import {limitsForm, recycleForm, idleForm, envForm, domainsPanel} from './settings.js';
import {diagnosticsPanel} from './diagnostics.js';

const RETRY_MS = 1000;
const REFRESH_MS = 5000;

export function appPage(page, name) {
  const base = `tenants/${page.tenant}/apps/${name}`;
  const canWrite = page.role !== 'viewer';
  const header = h('div', {class: 'app-header'});
  const rollout = h('ol', {class: 'steps', 'aria-live': 'polite', 'aria-label': 'Rollout steps'});
  const instances = h('div');
  const releases = h('div');
  const events = h('ol', {class: 'events'});
  const charts = [memoryChart(), cpuChart(), requestsChart()];
  const error = errorSlot();
  const unread = errorSlot();
  const section = h('section', {class: 'app-page'},
    h('p', {}, h('a', {href: `#/t/${page.tenant}`}, `← Apps of ${page.tenant}`)),
    header, unread, error,
    canWrite && card('Deploy', deployPanel(), rollout),
    card('Instances', instances),
    h('div', {class: 'charts'}, charts),
    card('Logs', logsPanel()),
    canWrite && card('Diagnostics', diagnosticsPanel(base)),
    card('Releases', releases),
    canWrite && card('Limits', limitsForm(base, () => refresh())),
    canWrite && card('Leak recycling', recycleForm(base)),
    canWrite && card('Sleep when idle', idleForm(base)),
    canWrite && card('Environment', envForm(base, watch)),
    card('Domains', domainsPanel(base, canWrite)),
    card('Events', events));

  /** Streams a rollout's steps into the panel until it is live or failed. */
  function watch(deploy) {
    show(rollout, h('li', {}, `${deploy.kind} of v${deploy.release}: accepted`));
    const stop = follow(`${base}/deploys/${deploy.id}`, {
      step: step => rollout.append(h('li', {class: `step ${step.step}`}, h('strong', {}, step.step), step.detail ? ` ${step.detail}` : '')),
      done: done => {
        stop();
        rollout.append(h('li', {class: `result ${done.status}`}, `Rollout ${done.status}`));
        refresh();
      },
    });
    page.onLeave(stop);
  }

  function deployPanel() {
    const progress = h('progress', {max: 1, value: 0, hidden: true, 'aria-label': 'Upload progress'});
    const slotError = errorSlot();
    const input = h('input', {type: 'file', id: 'jar', accept: '.jar,application/java-archive', onchange: e => send(e.target.files[0])});
    const zone = h('div', {
      class: 'drop',
      ondragover: e => { e.preventDefault(); zone.classList.add('over'); },
      ondragleave: () => zone.classList.remove('over'),
      ondrop: e => {
        e.preventDefault();
        zone.classList.remove('over');
        send(e.dataTransfer.files[0]);
      },
    }, h('p', {}, 'Drop a jar here, or '), h('label', {for: 'jar', class: 'button'}, 'choose a jar'), input, progress);
    async function send(file) {
      if (!file) return;
      slotError.set(null);
      progress.hidden = false;
      try {
        const release = await upload(`${base}/releases`, file, fraction => { progress.value = fraction; });
        watch(await api('POST', `${base}/deploys`, {release: release.version}));
      } catch (e) {
        slotError.set(e);
      } finally {
        progress.hidden = true;
        input.value = '';
      }
    }
    const restart = h('button', {class: 'secondary', onclick: () => act('restart')}, 'Restart');
    return [zone, slotError, h('p', {}, restart)];
  }

  async function act(action, body) {
    error.set(null);
    try {
      watch(await api('POST', `${base}/${action}`, body));
    } catch (e) {
      error.set(e);
    }
  }

  function logsPanel() {
    const lines = h('ol', {class: 'log', 'aria-label': 'Log lines', tabindex: 0});
    const search = h('input', {type: 'search', placeholder: 'Search the logs', 'aria-label': 'Search the logs', oninput: filter});
    let paused = false;
    const pause = h('button', {class: 'secondary', 'aria-pressed': 'false', onclick: () => {
      paused = !paused;
      pause.textContent = paused ? 'Resume' : 'Pause';
      pause.setAttribute('aria-pressed', String(paused));
    }}, 'Pause');
    function filter() {
      const text = search.value.toLowerCase();
      for (const line of lines.children) line.hidden = text !== '' && !line.textContent.toLowerCase().includes(text);
    }
    const stop = follow(`${base}/logs?follow=true&tail=200`, {
      line: line => {
        if (paused) return;
        const item = h('li', {class: line.stream}, h('time', {}, new Date(line.at).toLocaleTimeString()),
          ' ', h('span', {class: 'who', title: `sandbox ${line.sandbox}`}, `#${line.slot} ${line.sandbox.slice(-6)}`), ` ${line.line}`);
        const text = search.value.toLowerCase();
        item.hidden = text !== '' && !item.textContent.toLowerCase().includes(text);
        lines.append(item);
        while (lines.children.length > 1000) lines.firstChild.remove();
        if (!item.hidden) lines.scrollTop = lines.scrollHeight;
      },
    });
    page.onLeave(stop);
    return [h('div', {class: 'inline'}, search, pause), lines];
  }

  async function refresh() {
    if (!section.isConnected && section.dataset.started) return false;
    section.dataset.started = 'yes';
    const [app, list, recent, metrics] = await Promise.all([
      api('GET', base),
      api('GET', `${base}/releases`),
      api('GET', `${base}/events`),
      api('GET', `${base}/metrics?last=PT15M`),
    ]);
    show(header,
      h('h1', {}, app.name, ' ', h('span', {class: `status ${app.status}`}, app.status)),
      h('p', {}, h('a', {href: app.url, target: '_blank', rel: 'noopener'}, app.url),
        ` · live: ${app.liveRelease ? `v${app.liveRelease}` : 'none'} · ${app.scale} instance(s)`),
      app.lastError && h('pre', {class: 'error'}, app.lastError));
    show(instances, h('table', {class: 'instances', 'aria-label': 'Instances'},
      h('thead', {}, h('tr', {}, ['Slot', 'Sandbox', 'Release', 'State', 'Limits in force'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, app.instances.map(i => h('tr', {},
        h('td', {}, i.slot), h('td', {class: 'mono'}, i.name), h('td', {}, i.release ? `v${i.release}` : '–'),
        h('td', {}, i.state), h('td', {}, i.limits ? `${i.limits.memory}, ${i.limits.cpus} CPUs, ${i.limits.pids} pids` : '–'))))),
      app.jvm && jvmMemory(app.limits.memory, app.jvm));
    show(releases, h('ul', {class: 'releases'}, list.map(r => h('li', {},
      h('strong', {}, `v${r.version}`), ` ${r.kind} · ${bytes(r.size)} · ${time(r.createdAt)}`,
      r.version === app.liveRelease ? h('span', {class: 'badge'}, 'live')
        : canWrite && r.retained && h('button', {class: 'secondary', onclick: () => act('rollback', {release: r.version})}, `Roll back to v${r.version}`)))));
    show(events, recent.map(e => h('li', {class: e.type.replaceAll('.', '-')},
      h('time', {}, time(e.at)), ' ', h('span', {class: 'badge'}, e.type), message(e.message), evidence(e.details))));
    const [memory, cpu, requests] = charts;
    const data = combine(metrics, ['memoryBytes', 'heapUsedBytes', 'memoryLimitBytes', 'cpuPercent', 'requestsPerSecond']);
    memory.update([data[0], data[1], data[2], data[3]]);
    cpu.update([data[0], data[4]]);
    requests.update([data[0], data[5]]);
    return true;
  }

  // A long reason (a crash's log lines) shows its first line; the rest opens on demand.
  function message(text) {
    const [first, ...rest] = text.split('\n');
    if (rest.length === 0 && first.length <= 200) return h('pre', {}, text);
    return h('details', {}, h('summary', {}, first.length > 200 ? `${first.slice(0, 200)}…` : first), h('pre', {}, text));
  }

  // A leak recycle's evidence: what grew (the live heap's largest classes) and how fast the heap
  // after GC rose; a memory death's GC and OutOfMemoryError lines.
  function evidence(details) {
    if (!details) return null;
    const parts = [];
    const trend = details.heapAfterGc;
    if (trend && trend.points.length > 1) {
      const first = trend.points[0], last = trend.points[trend.points.length - 1];
      parts.push(h('p', {}, `Heap after GC: ${bytes(first.bytes)} → ${bytes(last.bytes)} of ${bytes(trend.heapMax)} over ${((last.uptimeMillis - first.uptimeMillis) / 1000).toFixed(1)} s, growing ${bytes(trend.bytesPerSecond)}/s`));
    }
    if (details.histogram) {
      parts.push(h('table', {class: 'histogram', 'aria-label': 'What grew'},
        h('thead', {}, h('tr', {}, ['Class', 'Instances', 'Bytes'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, details.histogram.classes.slice(0, 10).map(c => h('tr', {},
          h('td', {class: 'mono'}, c.name), h('td', {}, c.instances), h('td', {}, bytes(c.bytes)))))));
    } else if (details.histogramError) {
      parts.push(h('p', {class: 'muted'}, `No heap histogram: ${details.histogramError}`));
    }
    if (details.memoryLines) parts.push(h('pre', {}, details.memoryLines.join('\n')));
    return parts.length === 0 ? null : h('details', {class: 'evidence'}, h('summary', {}, details.memoryLines ? 'Memory lines' : 'What grew'), ...parts);
  }

  let left = false;
  page.onLeave(() => { left = true; });
  const loop = async () => {
    if (left) return;
    try {
      if (await refresh() === false) return;
      unread.set(null);
      setTimeout(loop, REFRESH_MS);
    } catch (e) {
      // A failed read (the control plane restarting, a dropped connection) is tried again soon.
      unread.set(e);
      setTimeout(loop, RETRY_MS);
    }
  };
  loop();
  return section;
}

function card(title, ...content) {
  return h('section', {class: 'card'}, h('h2', {}, title), content);
}

/** How each instance's JVM splits the memory limit, as the API computed it. */
function jvmMemory(limit, jvm) {
  return h('p', {class: 'jvm', 'aria-label': 'JVM memory'},
    `JVM memory of ${limit}: heap ${jvm.heap} · metaspace ${jvm.metaspace} · code cache ${jvm.codeCache}`
    + ` · thread stacks ${jvm.threadStacks} (${jvm.threads}) · direct ${jvm.direct} · headroom ${jvm.headroom}`);
}
