import { Registry } from 'prom-client';
import { HttpLatencyHistogram } from './http-latency-histogram.js';

describe('HttpLatencyHistogram', () => {
  it("writes Prometheus' cumulative histogram through the registry", async () => {
    const registry = new Registry();
    const h = new HttpLatencyHistogram([0.01, 0.1, 1], registry);
    h.observe('GET', '/a', 200, 0.005);
    h.observe('GET', '/a', 200, 0.01); // on a bound: counted in it (le = less or equal)
    h.observe('GET', '/a', 200, 0.5);
    h.observe('GET', '/a', 200, 3);
    h.observe('POST', '/a', 201, 0.05);
    const text = await registry.metrics();
    const line = (labels: string) =>
      text.split('\n').find((l) => l.startsWith(`http_request_duration_seconds_${labels}`));
    expect(line('bucket{method="GET",route="/a",status="200",le="0.01"}')).toMatch(/ 2$/);
    expect(line('bucket{method="GET",route="/a",status="200",le="0.1"}')).toMatch(/ 2$/);
    expect(line('bucket{method="GET",route="/a",status="200",le="1"}')).toMatch(/ 3$/);
    expect(line('bucket{method="GET",route="/a",status="200",le="+Inf"}')).toMatch(/ 4$/);
    expect(line('count{method="GET",route="/a",status="200"}')).toMatch(/ 4$/);
    expect(line('sum{method="GET",route="/a",status="200"}')).toMatch(/ 3\.515$/);
    expect(line('count{method="POST",route="/a",status="201"}')).toMatch(/ 1$/);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
  });
});
