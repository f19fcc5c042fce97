import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';

type Unit = Schemas['OrgUnitTreeNodeDto'];

export function flattenUnits(units: Unit[], depth = 0): { unit: Unit; depth: number }[] {
  return units.flatMap((unit) => [{ unit, depth }, ...flattenUnits(unit.children, depth + 1)]);
}

/** The ministry's units as a tree; each unit's posts and who holds them, from when. */
export function OrgUnitsPage() {
  const { t } = useTranslation('admin');
  const tree = useQuery({
    queryKey: ['admin', 'org-units'],
    queryFn: () => call(api.GET('/api/v1/org-units')),
  });
  return (
    <Page title={t('units.title')}>
      {tree.isPending ? (
        <Loading />
      ) : tree.isError ? (
        <ErrorMessage error={tree.error} />
      ) : (
        <UnitList units={tree.data} />
      )}
    </Page>
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
        {open ? <Posts unitId={u.id} /> : null}
      </details>
      {u.children.length ? <UnitList units={u.children} /> : null}
    </li>
  );
}

function Posts({ unitId }: { unitId: string }) {
  const { t, i18n } = useTranslation('admin');
  const format = useFormat();
  const posts = useQuery({
    queryKey: ['admin', 'posts', unitId],
    queryFn: () => call(api.GET('/api/v1/org-units/{id}/posts', { params: { path: { id: unitId } } })),
  });
  if (posts.isPending) return <Loading />;
  if (posts.isError) return <ErrorMessage error={posts.error} />;
  const items = posts.data;
  if (!items.length) return <p className="muted">{t('units.noPosts')}</p>;
  return (
    <ul className="plain-list">
      {items.map((p) => (
        <li key={p.id}>
          <strong>{i18n.language === 'km' && p.titleKm ? p.titleKm : p.title}</strong>:{' '}
          {displayName(p.user, i18n.language)} ·{' '}
          {p.validFrom ? t('units.from', { date: format.date(p.validFrom) }) : t('units.always')}
        </li>
      ))}
    </ul>
  );
}
