// The app's settings: forms over the API's limits, recycle, env and domains resources.
import {api} from './api.js';
import {h, show, errorSlot} from './dom.js';

/** Memory, CPUs and processes; says how a change was applied. */
export function limitsForm(base, saved) {
  const slot = errorSlot();
  const result = h('p', {class: 'muted', role: 'status'});
  const memory = h('input', {id: 'memory', name: 'memory'});
  const cpus = h('input', {id: 'cpus', name: 'cpus', type: 'number', step: '0.01', min: '0.01'});
  const pids = h('input', {id: 'pids', name: 'pids', type: 'number', min: '16'});
  api('GET', base).then(app => {
    memory.value = app.limits.memory;
    cpus.value = app.limits.cpus;
    pids.value = app.limits.pids;
  });
  return h('form', {
    class: 'grid',
    onsubmit: async e => {
      e.preventDefault();
      slot.set(null);
      try {
        const change = await api('PUT', `${base}/limits`, {memory: memory.value, cpus: Number(cpus.value), pids: Number(pids.value)});
        result.textContent = `Saved: applied ${change.applied}.`;
        saved();
      } catch (e) {
        slot.set(e);
      }
    },
  }, h('label', {for: 'memory'}, 'Memory'), memory, h('label', {for: 'cpus'}, 'CPUs'), cpus,
  h('label', {for: 'pids'}, 'Processes'), pids, h('button', {type: 'submit'}, 'Save limits'), slot, result);
}

/** When to replace an instance that leaks or has run long enough. */
export function recycleForm(base) {
  const slot = errorSlot();
  const result = h('p', {class: 'muted', role: 'status'});
  const fields = {
    heapAfterGcPercent: ['Heap after GC above (%)', 'number'],
    memoryPercent: ['Memory above (% of the limit)', 'number'],
    sustainedFor: ['For (e.g. PT30S)', 'text'],
    maxUptime: ['Uptime above (e.g. PT24H)', 'text'],
    maxRequests: ['Requests above', 'number'],
  };
  const inputs = Object.fromEntries(Object.entries(fields).map(([key, [, type]]) => [key, h('input', {id: key, name: key, type})]));
  api('GET', `${base}/recycle`).then(policy => {
    for (const [key, input] of Object.entries(inputs)) input.value = policy?.[key] ?? '';
  }).catch(() => {});
  return h('form', {
    class: 'grid',
    onsubmit: async e => {
      e.preventDefault();
      slot.set(null);
      const policy = {};
      for (const [key, input] of Object.entries(inputs)) {
        if (input.value !== '') policy[key] = input.type === 'number' ? Number(input.value) : input.value;
      }
      try {
        await api('PUT', `${base}/recycle`, policy);
        result.textContent = 'Saved.';
      } catch (e) {
        slot.set(e);
      }
    },
  }, Object.entries(fields).map(([key, [label]]) => [h('label', {for: key}, label), inputs[key]]),
  h('button', {type: 'submit'}, 'Save policy'), slot, result);
}

/** How long without a request before the app sleeps (scale to zero); empty keeps it awake. */
export function idleForm(base) {
  const slot = errorSlot();
  const result = h('p', {class: 'muted', role: 'status'});
  const after = h('input', {id: 'sleepAfter', name: 'sleepAfter', placeholder: 'e.g. PT15M'});
  api('GET', `${base}/idle`).then(idle => { after.value = idle.sleepAfter ?? ''; }).catch(() => {});
  return h('form', {
    class: 'grid',
    onsubmit: async e => {
      e.preventDefault();
      slot.set(null);
      try {
        await api('PUT', `${base}/idle`, {sleepAfter: after.value.trim() === '' ? null : after.value.trim()});
        result.textContent = after.value.trim() === '' ? 'Saved: the app stays awake.' : 'Saved: requests are held while it wakes.';
      } catch (e) {
        slot.set(e);
      }
    },
  }, h('label', {for: 'sleepAfter'}, 'Sleep after (idle)'), after,
  h('button', {type: 'submit'}, 'Save idle time'), slot, result);
}

/** The app's variables; a change rolls out a new release, handed to {@code rollout}. */
export function envForm(base, rollout) {
  const slot = errorSlot();
  const text = h('textarea', {id: 'env', rows: 4, spellcheck: false, placeholder: 'KEY=value, one per line'});
  api('GET', `${base}/env`).then(env => {
    text.value = Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n');
  });
  return h('form', {
    onsubmit: async e => {
      e.preventDefault();
      slot.set(null);
      const env = Object.fromEntries(text.value.split('\n').filter(l => l.trim()).map(l => {
        const at = l.indexOf('=');
        return at < 0 ? [l.trim(), ''] : [l.slice(0, at).trim(), l.slice(at + 1)];
      }));
      try {
        const change = await api('PUT', `${base}/env`, env);
        if (change.deploy) rollout(change.deploy);
      } catch (e) {
        slot.set(e);
      }
    },
  }, h('label', {for: 'env'}, 'Variables (a change rolls out a new release)'), text, slot, h('button', {type: 'submit'}, 'Save and roll out'));
}

/** The app's own host names. */
export function domainsPanel(base, canWrite) {
  const slot = errorSlot();
  const list = h('ul', {class: 'releases', 'aria-label': 'Host names'});
  const host = h('input', {id: 'domain', name: 'domain', placeholder: 'shop.example.com'});
  const redirect = h('input', {id: 'https-only', name: 'httpsOnly', type: 'checkbox', disabled: !canWrite, onchange: async () => {
    slot.set(null);
    try {
      draw(await api('PUT', `${base}/https`, {httpsOnly: redirect.checked}));
    } catch (e) {
      slot.set(e);
    }
  }});
  // Each name with its certificate: Paddock's own name first, then the app's own host names.
  const draw = https => {
    redirect.checked = https.httpsOnly;
    show(list, https.names.map((n, i) => h('li', {},
      h('a', {href: `${n.certificate === 'active' ? 'https' : 'http'}://${n.host}/`, target: '_blank', rel: 'noopener'}, n.host),
      ' ', n.verification && n.verification !== 'verified'
        ? proof(base, n, canWrite, slot, async () => draw(await api('GET', `${base}/https`)))
        : h('span', {class: `badge certificate ${n.certificate}`}, certificate(n)),
      canWrite && i > 0 && h('button', {class: 'secondary', onclick: async () => {
        slot.set(null);
        try {
          await api('DELETE', `${base}/domains/${encodeURIComponent(n.host)}`);
          draw(await api('GET', `${base}/https`));
        } catch (e) {
          slot.set(e);
        }
      }}, `Remove ${n.host}`))));
  };
  api('GET', `${base}/https`).then(draw, e => slot.set(e));
  const add = canWrite && h('form', {
    class: 'inline',
    onsubmit: async e => {
      e.preventDefault();
      slot.set(null);
      try {
        await api('PUT', `${base}/domains/${encodeURIComponent(host.value.trim())}`, {});
        host.value = '';
        draw(await api('GET', `${base}/https`));
      } catch (e) {
        slot.set(e);
      }
    },
  }, h('label', {for: 'domain'}, 'Own host name (point its DNS at the edge)'), host, h('button', {type: 'submit'}, 'Add'));
  const https = h('p', {class: 'inline'}, redirect, h('label', {for: 'https-only'}, 'Send HTTP to HTTPS once a name has its certificate'));
  return [list, https, add, slot];
}

/**
 * A name not routed yet: its proof of control (pending or failed), what to do, and a check on demand.
 */
function proof(base, name, canWrite, slot, redraw) {
  const path = `${base}/domains/${encodeURIComponent(name.host)}`;
  const todo = h('span', {class: 'hint'});
  api('GET', path).then(v => { todo.textContent = v.todo + (v.lastError ? ` Last check: ${v.lastError}.` : ''); }, e => slot.set(e));
  return h('span', {},
    h('span', {class: `badge verification ${name.verification}`}, name.verification === 'failed' ? 'Not verified: checks stopped' : 'Not verified yet: not routed'),
    canWrite && h('button', {class: 'secondary', onclick: async () => {
      slot.set(null);
      try {
        await api('POST', `${path}/verify`, {});
        await redraw();
      } catch (e) {
        slot.set(e);
      }
    }}, `Check ${name.host} now`),
    ' ', todo);
}

function certificate(name) {
  switch (name.certificate) {
    case 'active': return `HTTPS · ${name.issuer ?? 'certificate'} · until ${new Date(name.expires).toLocaleDateString()}`;
    case 'pending': return 'HTTPS: certificate pending';
    case 'failing': return `HTTPS failing: ${name.error ?? 'no certificate'}${name.nextTry ? ` · next try ${new Date(name.nextTry).toLocaleTimeString()}` : ''}`;
    default: return 'HTTP only';
  }
}
