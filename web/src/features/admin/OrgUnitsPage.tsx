import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas, api, call, text } from '../../api/client';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName, localName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { AdminError } from './AdminError';
import { useRefusedFields } from '../../components/refused';
import { UserPicker } from './UserPicker';
import { Field, SelectField } from '../../components/Field';

type Unit = Schemas['OrgUnitTreeNodeDto'];
type Post = Schemas['OrgPostDto'];
type PostKind = Schemas['CreateOrgPostDto']['kind'];

export function flattenUnits(units: Unit[], depth = 0): { unit: Unit; depth: number }[] {
  return units.flatMap((unit) => [{ unit, depth }, ...flattenUnits(unit.children, depth + 1)]);
}

/** Today in the browser's calendar, as the server's date fields take it. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The ministry's units as a tree: a new unit under a parent; in each unit its posts, who holds them
 * from when (and until when), a new post with its holder, and the end of a holding.
 */
export function OrgUnitsPage() {
  const { t } = useTranslation('admin');
  const tree = useQuery({
    queryKey: ['admin', 'org-units'],
    queryFn: () => call(api.GET('/api/v1/org-units')),
  });
  return (
    <Page title={t('units.title')}>
      <NewUnit units={tree.data ?? []} />
      {tree.isPending ? (
        <Loading />
      ) : tree.isError ? (
        <AdminError error={tree.error} />
      ) : (
        <UnitList units={tree.data} />
      )}
    </Page>
  );
}

function NewUnit({ units }: { units: Unit[] }) {
  const { t, i18n } = useTranslation('admin');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  const [form, setForm] = useState({ code: '', name: '', nameKm: '', parentId: '' });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/org-units', {
          body: {
            code: form.code.trim(),
            name: form.name.trim(),
            nameKm: form.nameKm.trim() || null,
            parentId: form.parentId || null,
          },
        }),
      ),
    onSuccess: async (u) => {
      setDone(t('units.created', { code: u.code }));
      setOpen(false);
      setForm({ code: '', name: '', nameKm: '', parentId: '' });
      await client.invalidateQueries({ queryKey: ['admin', 'org-units'] });
    },
  });
  const { form: formRef, messageId, mark } = useRefusedFields(create.error);
  return (
    <section className="panel" aria-label={t('units.new')}>
      <p role="status">{done}</p>
      {open ? (
        <form
          ref={formRef}
          className="form admin-form"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <h2>{t('units.new')}</h2>
          <Field
            label={t('units.code')}
            {...mark('code')}
            help={t('units.codeHelp')}
            required
            maxLength={20}
            pattern="[A-Za-z][A-Za-z0-9_\-]{0,19}"
            value={form.code}
            onChange={(code) => set({ code })}
          />
          <Field
            label={t('units.name')}
            {...mark('name')}
            required
            maxLength={300}
            value={form.name}
            onChange={(name) => set({ name })}
          />
          <Field
            label={t('units.nameKm')}
            {...mark('nameKm')}
            lang="km"
            maxLength={300}
            value={form.nameKm}
            onChange={(nameKm) => set({ nameKm })}
          />
          <SelectField
            label={t('units.parent')}
            {...mark('parentId')}
            value={form.parentId}
            onChange={(v) => set({ parentId: v })}
          >
            <option value="">{t('units.noParent')}</option>
            {flattenUnits(units).map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {'\u00a0'.repeat(depth * 2)}
                {displayName(unit, i18n.language)} ({unit.code})
              </option>
            ))}
          </SelectField>
          <AdminError
            error={create.error}
            id={messageId}
            fields={{
              code: t('units.code'),
              name: t('units.name'),
              nameKm: t('units.nameKm'),
              parentId: t('units.parent'),
            }}
          />
          <div className="row">
            <button type="submit" className="button-primary" disabled={create.isPending}>
              {t('units.create')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button-primary" onClick={() => setOpen(true)}>
          {t('units.new')}
        </button>
      )}
    </section>
  );
}

function UnitList({ units }: { units: Unit[] }) {
  return (
    <ul className="tree">
      {units.map((u) => (
        <UnitNode key={u.id} unit={u} />
      ))}
    </ul>
  );
}

function UnitNode({ unit: u }: { unit: Unit }) {
  const { i18n } = useTranslation('admin');
  const [open, setOpen] = useState(false);
  return (
    <li>
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>
          {displayName(u, i18n.language)} <span className="muted">({u.code})</span>
        </summary>
        {open ? <UnitPosts unit={u} /> : null}
      </details>
      {u.children.length ? <UnitList units={u.children} /> : null}
    </li>
  );
}

function UnitPosts({ unit }: { unit: Unit }) {
  const { t } = useTranslation('admin');
  const posts = useQuery({
    queryKey: ['admin', 'posts', unit.id],
    queryFn: () => call(api.GET('/api/v1/org-units/{id}/posts', { params: { path: { id: unit.id } } })),
  });
  return (
    <div className="unit-posts">
      {posts.isPending ? (
        <Loading />
      ) : posts.isError ? (
        <AdminError error={posts.error} />
      ) : posts.data.length ? (
        <ul className="plain-list">
          {posts.data.map((p) => (
            <PostItem key={p.id} post={p} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('units.noPosts')}</p>
      )}
      <NewPost unit={unit} />
    </div>
  );
}

function PostItem({ post: p }: { post: Post }) {
  const { t, i18n } = useTranslation('admin');
  const format = useFormat();
  const client = useQueryClient();
  const [ending, setEnding] = useState(false);
  const [to, setTo] = useState(today());
  const toId = useId();
  const name = displayName(p.user, i18n.language);
  const title = localName(p.title, text(p.titleKm), i18n.language);
  const end = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/org-units/{id}/posts/{postId}/end', {
          params: { path: { id: p.orgUnitId, postId: p.id } },
          body: { to },
        }),
      ),
    onSuccess: async () => {
      setEnding(false);
      await client.invalidateQueries({ queryKey: ['admin', 'posts', p.orgUnitId] });
    },
  });
  const onEnd = (e: FormEvent) => {
    e.preventDefault();
    end.mutate();
  };
  const from = text(p.validFrom);
  const until = text(p.validTo);
  return (
    <li>
      <strong>{title}</strong> <span className="muted">({t(`units.kind.${p.kind}`)})</span>: {name} ·{' '}
      {from ? t('units.from', { date: format.date(from) }) : t('units.always')}
      {until ? ` · ${t('units.until', { date: format.date(until) })}` : null}
      {!until ? (
        <div className="row">
          <button
            type="button"
            onClick={() => setEnding((x) => !x)}
            aria-label={t('units.endName', { name, title })}
          >
            {t('units.end')}
          </button>
        </div>
      ) : null}
      {ending ? (
        <form className="inline-form" onSubmit={onEnd} aria-label={t('units.endName', { name, title })}>
          <div className="field">
            <label htmlFor={toId}>{t('units.lastDay')}</label>
            <input id={toId} type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <button type="submit" className="button-primary" disabled={end.isPending}>
            {t('units.confirmEnd')}
          </button>
        </form>
      ) : null}
      <AdminError error={end.error} />
    </li>
  );
}

function NewPost({ unit }: { unit: Unit }) {
  const { t, i18n } = useTranslation('admin');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  const empty = { title: '', titleKm: '', kind: 'member' as PostKind, userId: '', from: today() };
  const [form, setForm] = useState(empty);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const unitName = displayName(unit, i18n.language);
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/org-units/{id}/posts', {
          params: { path: { id: unit.id } },
          body: {
            title: form.title.trim(),
            titleKm: form.titleKm.trim() || null,
            kind: form.kind,
            userId: form.userId,
            ...(form.from ? { from: form.from } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      setDone(t('units.postAdded'));
      setOpen(false);
      setForm(empty);
      await client.invalidateQueries({ queryKey: ['admin', 'posts', unit.id] });
    },
  });
  const { form: formRef, messageId, mark } = useRefusedFields(create.error);
  if (!open) {
    return (
      <div>
        <p role="status">{done}</p>
        <button
          type="button"
          onClick={() => setOpen(true)}
          aria-label={t('units.addPostTo', { unit: unitName })}
        >
          {t('units.addPost')}
        </button>
      </div>
    );
  }
  return (
    <form
      ref={formRef}
      className="form admin-form"
      aria-label={t('units.addPostTo', { unit: unitName })}
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <Field
        label={t('units.postTitle')}
        {...mark('title')}
        required
        maxLength={200}
        value={form.title}
        onChange={(title) => set({ title })}
      />
      <Field
        label={t('units.postTitleKm')}
        {...mark('titleKm')}
        lang="km"
        maxLength={200}
        value={form.titleKm}
        onChange={(titleKm) => set({ titleKm })}
      />
      <SelectField
        label={t('units.postKind')}
        value={form.kind}
        onChange={(v) => set({ kind: v as PostKind })}
      >
        {(['head', 'deputy', 'member'] as const).map((k) => (
          <option key={k} value={k}>
            {t(`units.kind.${k}`)}
          </option>
        ))}
      </SelectField>
      <UserPicker
        label={t('units.holder')}
        {...mark('userId')}
        value={form.userId}
        onChange={(userId) => set({ userId })}
        required
      />
      <Field
        label={t('units.fromDate')}
        {...mark('from')}
        type="date"
        value={form.from}
        onChange={(from) => set({ from })}
      />
      <AdminError
        error={create.error}
        id={messageId}
        fields={{
          title: t('units.postTitle'),
          titleKm: t('units.postTitleKm'),
          userId: t('units.holder'),
          from: t('units.fromDate'),
        }}
      />
      <div className="row">
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t('units.savePost')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
