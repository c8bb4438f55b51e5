// A look into an app's JVM: a thread dump, the heap's largest classes, the GC log's last lines,
// native memory by category, a flight recording to download. Developers and up only: the API refuses viewers.
import {api} from './api.js';
import {h, show, errorSlot, bytes} from './dom.js';

export function diagnosticsPanel(base) {
  const slot = h('input', {type: 'number', min: 0, value: 0, id: 'diag-slot', class: 'narrow-number'});
  const seconds = h('input', {type: 'number', min: 1, max: 120, value: 30, id: 'diag-seconds', class: 'narrow-number'});
  const output = h('div', {class: 'diagnostics', 'aria-live': 'polite'});
  const error = errorSlot();
  const query = () => `?slot=${Number(slot.value) || 0}`;

  async function run(what) {
    error.set(null);
    show(output, h('p', {class: 'muted'}, 'Asking the JVM…'));
    try {
      show(output, await what());
    } catch (e) {
      show(output);
      error.set(e);
    }
  }

  const threads = () => run(async () => h('pre', {class: 'dump', 'aria-label': 'Thread dump'},
    await api('GET', `${base}/diagnostics/threads${query()}`)));

  const gc = () => run(async () => h('pre', {class: 'dump', 'aria-label': 'GC log'},
    await api('GET', `${base}/diagnostics/gc${query()}&lines=500`)));

  const nativeMemory = () => run(async () => h('pre', {class: 'dump', 'aria-label': 'Native memory'},
    await api('GET', `${base}/diagnostics/native-memory${query()}`)));

  const histogram = () => run(async () => {
    const heap = await api('GET', `${base}/diagnostics/histogram${query()}`);
    return [
      h('p', {}, `Live heap of slot ${heap.slot}: ${bytes(heap.totalBytes)} in ${heap.totalInstances} objects; the largest classes:`),
      h('table', {class: 'histogram', 'aria-label': 'Heap histogram'},
        h('thead', {}, h('tr', {}, ['Class', 'Instances', 'Bytes'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, heap.classes.map(c => h('tr', {},
          h('td', {class: 'mono'}, c.name, c.module ? h('span', {class: 'muted'}, ` ${c.module}`) : null),
          h('td', {}, c.instances), h('td', {}, bytes(c.bytes)))))),
    ];
  });

  const record = () => run(async () => {
    const started = await api('POST', `${base}/diagnostics/recordings`, {seconds: Number(seconds.value), slot: Number(slot.value) || 0});
    const url = `/api/v1/${base}/diagnostics/recordings/${started.id}`;
    const status = h('p', {role: 'status'}, `Recording slot ${started.slot} for ${started.seconds} s…`);
    (async function poll() {
      const response = await fetch(url, {method: 'HEAD', credentials: 'same-origin'});
      if (response.status === 202) {
        const wait = Number(response.headers.get('Retry-After')) || 1;
        setTimeout(poll, Math.min(wait, 10) * 1000);
      } else if (response.ok) {
        show(status, h('a', {href: url, download: `${started.id}.jfr`, class: 'button'}, 'Download the recording (.jfr)'));
      } else {
        const problem = await api('GET', url.replace('/api/v1/', '')).catch(e => e);
        show(status, h('span', {class: 'error'}, problem.message ?? 'The recording failed.'));
      }
    })();
    return status;
  });

  return [
    h('div', {class: 'inline'},
      h('label', {for: 'diag-slot'}, 'Slot'), slot,
      h('button', {class: 'secondary', onclick: threads}, 'Thread dump'),
      h('button', {class: 'secondary', onclick: histogram}, 'Heap histogram'),
      h('button', {class: 'secondary', onclick: gc}, 'GC log'),
      h('button', {class: 'secondary', onclick: nativeMemory}, 'Native memory'),
      h('label', {for: 'diag-seconds'}, 'Seconds'), seconds,
      h('button', {class: 'secondary', onclick: record}, 'Record (JFR)')),
    error, output,
  ];
}
