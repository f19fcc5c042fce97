/** Agenda trees: flattening the nested input for storage and building the numbered tree back. */
export interface AgendaInput {
  title: string;
  presenterUserId?: string;
  durationMinutes?: number;
  children?: AgendaInput[];
}

export interface FlatAgendaItem {
  /** Index in the flat list; `parentIndex` points at the parent's index. */
  index: number;
  parentIndex: number | null;
  position: number;
  depth: number;
  title: string;
  presenterUserId: string | null;
  durationMinutes: number | null;
}

export const MAX_AGENDA_DEPTH = 3;

/** Parents come before their children in the result, so they can be inserted in order. */
export function flattenAgenda(items: AgendaInput[]): FlatAgendaItem[] {
  const out: FlatAgendaItem[] = [];
  const walk = (list: AgendaInput[], parentIndex: number | null, depth: number) => {
    list.forEach((item, position) => {
      if (depth > MAX_AGENDA_DEPTH)
        throw new RangeError(`agenda nests deeper than ${MAX_AGENDA_DEPTH} levels`);
      const index = out.length;
      out.push({
        index,
        parentIndex,
        position,
        depth,
        title: item.title,
        presenterUserId: item.presenterUserId ?? null,
        durationMinutes: item.durationMinutes ?? null,
      });
      walk(item.children ?? [], index, depth + 1);
    });
  };
  walk(items, null, 1);
  return out;
}

export interface StoredAgendaItem {
  id: string;
  parentId: string | null;
  position: number;
  title: string;
  presenterUserId: string | null;
  durationMinutes: number | null;
}

export interface AgendaNode extends StoredAgendaItem {
  number: string;
  children: AgendaNode[];
}

/** The stored rows as a tree, siblings by position, each numbered like 2.1. */
export function agendaTree(rows: StoredAgendaItem[]): AgendaNode[] {
  const kids = new Map<string | null, StoredAgendaItem[]>();
  for (const r of rows) kids.set(r.parentId, [...(kids.get(r.parentId) ?? []), r]);
  const build = (parentId: string | null, prefix: string): AgendaNode[] =>
    (kids.get(parentId) ?? [])
      .sort((a, b) => a.position - b.position)
      .map((r, i) => {
        const number = prefix ? `${prefix}.${i + 1}` : String(i + 1);
        return { ...r, number, children: build(r.id, number) };
      });
  return build(null, '');
}

/** Depth-first list of a tree (for printing). */
export function walkAgenda(nodes: AgendaNode[]): AgendaNode[] {
  return nodes.flatMap((n) => [n, ...walkAgenda(n.children)]);
}
