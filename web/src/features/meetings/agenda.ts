import { asciiDigits } from '../../i18n/khmer-format';

/** An agenda item as the API takes it (`POST /meetings`): sub-items nest, up to three levels. */
export interface AgendaInput {
  title: string;
  durationMinutes?: number;
  children?: AgendaInput[];
}

const MAX_DEPTH = 3;

/**
 * The "New meeting" agenda box: one item a line, minutes after a `|` (Khmer or ASCII digits), and a line indented further
 * than the one above it (spaces or tabs) a sub-item of it, to three levels.
 */
export function parseAgenda(text: string): AgendaInput[] {
  const top: AgendaInput[] = [];
  // The open items by depth, with the indentation each was written at.
  const open: { indent: number; item: AgendaInput }[] = [];
  for (const line of text.split('\n')) {
    const [raw = '', minutes] = line.replace(/\t/g, '  ').split('|');
    const title = raw.trim();
    if (!title) continue;
    const indent = raw.length - raw.trimStart().length;
    const item: AgendaInput = { title };
    const duration = Number(asciiDigits(minutes?.trim() ?? ''));
    if (duration > 0) item.durationMinutes = duration;
    while (open.length && open[open.length - 1]!.indent >= indent) open.pop();
    if (open.length >= MAX_DEPTH) open.length = MAX_DEPTH - 1;
    const parent = open[open.length - 1]?.item;
    if (parent) (parent.children ??= []).push(item);
    else top.push(item);
    open.push({ indent, item });
  }
  return top;
}
