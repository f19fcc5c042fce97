/** The exact file name of a Content-Disposition header (its RFC 5987 `filename*`), or ''. */
export function dispositionName(header: string | null | undefined): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(header ?? '');
  return m ? decodeURIComponent(m[1]) : '';
}
