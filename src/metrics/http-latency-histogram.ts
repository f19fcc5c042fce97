import type { Metric, Registry } from 'prom-client';

type Labels = Record<string, string | number>;
interface Sample {
  metricName: string;
  labels: Labels;
  value: number;
}

/** One label set's buckets (non-cumulative counts; the exposition adds them up). */
interface Series {
  labels: { method: string; route: string; status: string };
  counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * The HTTP latency histogram, observed on every request. prom-client's Histogram validates and
 * hashes the labels on each `observe` (children included), which cost more than the rest of the
 * metrics hook; here a request is a Map lookup and a bucket scan, and the exposition (Prometheus'
 * histogram format, through the same registry) is built only when scraped.
 */
export class HttpLatencyHistogram {
  readonly name = 'http_request_duration_seconds';
  readonly help = 'HTTP requests by method, route pattern and status';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.series.get(key);
    if (!s) {
      s = {
        labels: { method, route, status: String(status) },
        counts: new Float64Array(this.buckets.length + 1),
        sum: 0,
        count: 0,
      };
      this.series.set(key, s);
    }
    let i = 0;
    while (i < this.buckets.length && seconds > this.buckets[i]) i++;
    s.counts[i]++;
    s.sum += seconds;
    s.count++;
  }

  /** What the registry asks for when scraped. */
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += s.counts[i];
        values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le }, value: cumulative });
      });
      values.push({
        metricName: `${this.name}_bucket`,
        labels: { ...s.labels, le: '+Inf' },
        value: s.count,
      });
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count });
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    });
  }

  reset(): void {
    this.series.clear();
  }
}
