// Charts of an app's samples: every instance's readings summed per sampling interval.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import {h} from './dom.js';

const MIB = 1024 * 1024;

/** Sums the instances' series into one per reading, on a common time axis. */
export function combine(metrics, fields) {
  const step = seconds(metrics.interval);
  const buckets = new Map();
  for (const series of metrics.instances) {
    for (const point of series.samples) {
      const t = Math.round(Date.parse(point.at) / 1000 / step) * step;
      const bucket = buckets.get(t) ?? Object.fromEntries(fields.map(f => [f, null]));
      for (const f of fields) {
        if (point[f] != null) bucket[f] = (bucket[f] ?? 0) + point[f];
      }
      buckets.set(t, bucket);
    }
  }
  const times = [...buckets.keys()].sort((a, b) => a - b);
  return [times, ...fields.map(f => times.map(t => buckets.get(t)[f]))];
}

function seconds(duration) {
  const match = /PT(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?/.exec(duration ?? '');
  return match ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) || 5 : 5;
}

/** A chart card; {@code update(data)} redraws it with new data. */
export function chart(title, series, scale = v => v) {
  const box = h('figure', {class: 'chart'}, h('figcaption', {}, title));
  let plot = null;
  box.update = data => {
    const scaled = [data[0], ...data.slice(1).map(values => values.map(v => (v == null ? null : scale(v))))];
    if (plot) {
      plot.setData(scaled);
      return;
    }
    plot = new uPlot({
      width: Math.max(280, Math.min(box.clientWidth || 600, 900)),
      height: 180,
      series: [{}, ...series],
      axes: [{}, {size: 60}],
      legend: {live: false},
    }, scaled, box);
  };
  return box;
}

export const memoryChart = () => chart('Memory (MiB)', [
  {label: 'container', stroke: '#2563eb', width: 2},
  {label: 'heap used', stroke: '#16a34a', width: 2},
  {label: 'limit', stroke: '#dc2626', dash: [6, 4], width: 1.5},
], v => v / MIB);

export const cpuChart = () => chart('CPU (% of one core)', [{label: 'CPU', stroke: '#9333ea', width: 2}]);

export const requestsChart = () => chart('Requests per second', [{label: 'requests/s', stroke: '#ea580c', width: 2}]);
