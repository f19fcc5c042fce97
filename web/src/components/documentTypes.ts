import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';

type Names = Pick<Schemas['DocumentTypeDto'], 'nameKm' | 'nameEn'>;

/**
 * A document type's name in the page's language: the name an admin gave in that language, else
 * the other language's, else the app's own translation (`types.<code>`), else the code.
 */
export function documentTypeLabel(
  code: string,
  names: Partial<Names> | undefined,
  language: string,
  translated: (code: string) => string | undefined,
): string {
  const mine = language === 'km' ? names?.nameKm : names?.nameEn;
  const other = language === 'km' ? names?.nameEn : names?.nameKm;
  return mine || other || translated(code) || code;
}

/** The document types the server knows (one cached request for a few minutes). */
export function useDocumentTypes() {
  return useQuery({
    queryKey: ['document-types'],
    queryFn: () => call(api.GET('/api/v1/document-types')),
    staleTime: 5 * 60_000,
  });
}

/** `(code) => name` for the document types the server knows. */
export function useDocumentTypeName(): (code: string) => string {
  const { t, i18n } = useTranslation('common');
  const types = useDocumentTypes();
  const byCode = new Map((types.data ?? []).map((x) => [x.code, x]));
  const translated = (code: string) => {
    const text = t(`types.${code}`, { defaultValue: '' });
    return text || undefined;
  };
  return (code) => documentTypeLabel(code, byCode.get(code), i18n.language, translated);
}
