import { type ReactNode, useState } from 'react';
import { downloadWithSession } from '../api/client';
import { useErrorText } from './ErrorMessage';

/**
 * A link to a file of the API. A plain link when the server gave a signed URL (`href`); otherwise the
 * file is fetched with the session and saved.
 */
export function FileLink({
  path,
  href,
  fileName,
  children,
}: {
  path: string;
  href?: string | null;
  fileName: string;
  children: ReactNode;
}) {
  const [error, setError] = useState<unknown>(null);
  const errorText = useErrorText();
  if (href)
    return (
      <a href={href} download={fileName}>
        {children}
      </a>
    );
  return (
    <>
      <a
        href={path}
        onClick={(e) => {
          e.preventDefault();
          setError(null);
          downloadWithSession(path, fileName).catch(setError);
        }}
      >
        {children}
      </a>
      {error ? (
        <span className="alert-inline" role="alert">
          {' '}
          {errorText(error)}
        </span>
      ) : null}
    </>
  );
}
