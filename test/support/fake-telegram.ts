import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A message the fake bot "sent": what the Bot API received in sendMessage. */
export interface SentMessage {
  messageId: number;
  chatId: string;
  text: string;
  parseMode?: string;
  /** The inline keyboard's URL buttons, row by row. */
  buttons: { text: string; url?: string }[][];
}

/** A canned failure: the HTTP status is Telegram's error_code, as the real Bot API answers. */
export interface FakeFailure {
  errorCode: number;
  description: string;
  retryAfter?: number;
}

/**
 * A fake Telegram Bot API server: a real HTTP server at `apiRoot` answering
 * `POST /bot<token>/<method>` with the Bot API's JSON (`{ ok, result }` or
 * `{ ok: false, error_code, description, parameters }`) for getMe, sendMessage, setWebhook,
 * deleteWebhook and getUpdates. It records every call and every sent message, and answers the
 * next calls of a method with the failures queued by `failNext` (429 with retry_after, 5xx, 403),
 * or 403 for every message to a chat that `block`ed the bot.
 */
export class FakeTelegram {
  readonly calls: { method: string; payload: Record<string, unknown> }[] = [];
  readonly messages: SentMessage[] = [];
  webhook: { url: string; secretToken?: string } | null = null;
  private readonly failures = new Map<string, FakeFailure[]>();
  private readonly blocked = new Set<string>();
  private readonly updates: Record<string, unknown>[] = [];
  private readonly waiting = new Set<() => void>();
  private nextMessageId = 1;
  private nextUpdateId = 1;
  private server?: Server;
  apiRoot = '';

  constructor(
    readonly token = '123456:TEST-fake-token_abcdefghijklmnop',
    readonly botUsername = 'dwf_test_bot',
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    this.apiRoot = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` calls of `method` fail like this. */
  failNext(method: string, failure: FakeFailure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /** The user of this chat blocked the bot: every message to it is 403. */
  block(chatId: string | number): void {
    this.blocked.add(String(chatId));
  }

  /** Sent messages to a chat. */
  to(chatId: string | number): SentMessage[] {
    return this.messages.filter((m) => m.chatId === String(chatId));
  }

  /** Queues an update for getUpdates (long polling); returns it. */
  pushUpdate(update: Record<string, unknown>): Record<string, unknown> {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.updates.push(full);
    for (const wake of this.waiting) wake();
    return full;
  }

  /** A private-chat text message from a user, as Telegram sends it in an update. */
  message(
    chatId: number,
    text: string,
    from: { username?: string; first_name?: string; language_code?: string } = {},
  ) {
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: from.first_name ?? 'Test' },
        from: { id: chatId, is_bot: false, first_name: from.first_name ?? 'Test', ...from },
        text,
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!match || match[1] !== this.token) {
      send(404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const method = match[2] ?? '';
    let payload: Record<string, unknown> = {};
    if (raw) {
      try {
        payload = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        send(400, { ok: false, error_code: 400, description: 'Bad Request: cannot parse JSON' });
        return;
      }
    }
    this.calls.push({ method, payload });
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      send(failure.errorCode, {
        ok: false,
        error_code: failure.errorCode,
        description: failure.description,
        ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
      return;
    }
    switch (method) {
      case 'getMe':
        send(200, {
          ok: true,
          result: { id: 123456, is_bot: true, first_name: 'DWF', username: this.botUsername },
        });
        return;
      case 'setWebhook':
        this.webhook = { url: String(payload.url), secretToken: payload.secret_token as string | undefined };
        send(200, { ok: true, result: true, description: 'Webhook was set' });
        return;
      case 'deleteWebhook':
        this.webhook = null;
        send(200, { ok: true, result: true });
        return;
      case 'getUpdates':
        send(200, { ok: true, result: await this.takeUpdates(payload) });
        return;
      case 'sendMessage': {
        const chatId = String(payload.chat_id);
        if (this.blocked.has(chatId)) {
          send(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
          return;
        }
        const markup = payload.reply_markup as
          { inline_keyboard?: { text: string; url?: string }[][] } | string | undefined;
        const keyboard = typeof markup === 'string' ? (JSON.parse(markup) as typeof markup) : markup;
        const sent: SentMessage = {
          messageId: this.nextMessageId++,
          chatId,
          text: String(payload.text),
          parseMode: payload.parse_mode as string | undefined,
          buttons: (typeof keyboard === 'object' && keyboard?.inline_keyboard) || [],
        };
        this.messages.push(sent);
        send(200, {
          ok: true,
          result: {
            message_id: sent.messageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(chatId), type: 'private' },
            text: sent.text,
          },
        });
        return;
      }
      default:
        send(404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  }

  /** getUpdates: the updates after `offset`, waiting up to `timeout` seconds for one. */
  private async takeUpdates(payload: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const offset = Number(payload.offset ?? 0);
    const pending = () => this.updates.filter((u) => Number(u.update_id) >= offset);
    if (offset) {
      for (let i = this.updates.length - 1; i >= 0; i--) {
        if (Number(this.updates[i]?.update_id) < offset) this.updates.splice(i, 1);
      }
    }
    if (!pending().length && Number(payload.timeout ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiting.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Number(payload.timeout) * 1000);
        this.waiting.add(wake);
      });
    }
    return pending();
  }
}
