import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { displayName } from '../../components/names';

/** The people a picker lists at most. */
const SHOWN = 20;

/**
 * The page a picker lists: the found people but the excluded, at most `SHOWN`; `more` when others
 * match. The server is asked for as many more as are excluded, so excluding someone does not
 * shorten the list to 19 ("the first 19").
 */
export function pickerPage<T extends { id: string }>(
  found: T[],
  exclude: string[],
  hasNext: boolean,
): { items: T[]; more: boolean } {
  const left = found.filter((u) => !exclude.includes(u.id));
  return { items: left.slice(0, SHOWN), more: hasNext || left.length > SHOWN };
}

/**
 * Chooses a person: a search box ("<label>: search by name or username", Latin or Khmer) narrows a
 * list (combobox named by `label`) of at most 20 people; when there are more, the list says so.
 * The chosen person stays listed while the search changes.
 */
export function UserPicker({
  label,
  value,
  onChange,
  required,
  colleaguesOnly = false,
  anyStatus = false,
  exclude = [],
  ...marks
}: {
  label: string;
  value: string;
  onChange: (userId: string) => void;
  required?: boolean;
  /** People of a unit only (who approve or take an escalation), not an account of no unit such as the system's administrator. */
  colleaguesOnly?: boolean;
  /** Disabled and retired accounts too (whose past a page looks up), not only those who can act now. */
  anyStatus?: boolean;
  /** People not to offer (the one who holds a task already, a document's submitter). */
  exclude?: string[];
  /** A refused choice (useRefusedFields). */
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}) {
  const { t, i18n } = useTranslation('admin');
  const searchId = useId();
  const selectId = useId();
  const moreId = useId();
  const nobodyId = useId();
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['admin', 'user-picker', search, anyStatus, colleaguesOnly, exclude.length],
    queryFn: () =>
      call(
        api.GET('/api/v1/users', {
          params: {
            query: {
              limit: SHOWN + exclude.length,
              status: anyStatus ? undefined : 'active',
              inUnit: colleaguesOnly || undefined,
              search: search.trim() || undefined,
            },
          },
        }),
      ),
  });
  const { items, more } = pickerPage(found.data?.items ?? [], exclude, !!found.data?.nextCursor);
  // The chosen account when the list does not hold it, as administrators see accounts (with its sign-in name).
  const chosen = useQuery({
    queryKey: ['admin', 'user', value],
    queryFn: () => call(api.GET('/api/v1/users/{id}', { params: { path: { id: value } } })),
    enabled: !!value && !items.some((u) => u.id === value),
  });
  // More people than listed (`more`): said, with where to look (the search box above).
  // A search that finds nobody says so (else the list shrinks to "—" in silence).
  const nobody = found.isSuccess && items.length === 0 && search.trim() !== '';
  const options = chosen.data && !items.some((u) => u.id === value) ? [chosen.data, ...items] : items;
  return (
    <div className="user-picker">
      <div className="field">
        <label htmlFor={searchId}>{t('picker.find', { label })}</label>
        <input
          id={searchId}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          // Enter searches (the list follows the typing); it does not send the form around it.
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={selectId}>{label}</label>
        <select
          id={selectId}
          value={value}
          required={required}
          aria-invalid={marks['aria-invalid']}
          aria-describedby={
            [marks['aria-describedby'], more ? moreId : nobody ? nobodyId : undefined]
              .filter(Boolean)
              .join(' ') || undefined
          }
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{found.isPending ? t('picker.loading') : '—'}</option>
          {options.map((u) => (
            <option key={u.id} value={u.id}>
              {displayName(u, i18n.language)} ({u.username})
            </option>
          ))}
        </select>
        {more ? (
          <span id={moreId} className="muted">
            {t('picker.more', { count: items.length })}
          </span>
        ) : null}
        {/* Always there, its words changing: a live region made with its words is often not read. */}
        <span id={nobodyId} className="muted" role="status">
          {nobody ? t(anyStatus ? 'picker.nobody' : 'picker.nobodyActive', { search: search.trim() }) : ''}
        </span>
      </div>
    </div>
  );
}
