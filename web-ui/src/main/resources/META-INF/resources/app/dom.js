// A few lines instead of a framework: build elements, replace a container's content.

/** h('button', {onclick, class: 'x'}, 'text', child…): an element; null and false children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function show(container, ...children) {
  container.replaceChildren(...children.flat(Infinity).filter(c => c != null && c !== false));
}

/** A place for a form's error: the problem's detail, read out to screen readers. */
export function errorSlot() {
  const slot = h('p', {class: 'error', role: 'alert', hidden: true});
  slot.set = error => {
    slot.textContent = error ? error.message : '';
    slot.hidden = !error;
  };
  return slot;
}

export function bytes(n) {
  if (n == null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(n < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

export function time(instant) {
  return instant ? new Date(instant).toLocaleString() : '–';
}
