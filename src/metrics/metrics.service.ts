import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { AppConfig } from '../config/app-config.js';
import { HttpLatencyHistogram } from './http-latency-histogram.js';

/** Latency buckets (seconds) from a fast GET to a slow upload. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus registry of this process: Node's process metrics, an HTTP latency histogram, and
 * whatever other modules register (queue gauges, collected when scraped). Served at GET /metrics
 * for admins and, when METRICS_PORT > 0, without auth on that port for Prometheus inside the network.
 * Each app has its own registry (never prom-client's global one), so test apps do not collide.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private readonly httpDuration: HttpLatencyHistogram;
  private server?: Server;

  constructor(private readonly config: AppConfig) {
    this.registry.setDefaultLabels({ app_role: config.APP_ROLE });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new HttpLatencyHistogram(HTTP_BUCKETS, this.registry);
  }

  /** Observes one answered request (called by the HTTP hooks, see ops/http-hooks.ts). */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe(method, route, status, seconds);
  }

  /** The exposition text, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_PORT > 0) await this.listen(this.config.METRICS_PORT);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** The plain metrics server: GET /metrics only, no auth (keep the port inside the network). */
  private async listen(port: number): Promise<void> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
        return;
      }
      this.scrape().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
        (err: unknown) => {
          this.logger.error({ err }, 'metrics collection failed');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics collection failed\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`metrics on http://${this.config.HOST}:${port}/metrics`);
  }
}
