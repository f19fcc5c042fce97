import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LanguageSelect } from '../../components/LanguageSelect';
import { Loading } from '../../components/Loading';
import { displayName, localName } from '../../components/names';
import { documentTypeLabel } from '../../components/documentTypes';
import { useFormat } from '../../i18n/format';
import { prerenderedValue, prerenderedVerification } from '../../prerendered';
import { CODE_LENGTH, readableCode, typedLength } from './code';
import { sha256Hex } from '../../components/sha256';
import { FileInput } from '../../components/FileInput';
import { Fact } from '../../components/Fact';

/**
 * The public verification page: is this document genuine? Readable on a small phone. The server
 * renders the same markup first (src/ops/web-pages.ts, readable without script): change the two
 * together.
 */
export function VerifyPage() {
  const { t } = useTranslation('verify');
  const { code } = useParams();
  useEffect(() => {
    document.title = `${t('title')} · ${t('appName', { ns: 'common' })}`;
  }, [t]);
  return (
    <div className="public">
      <header className="public-header">
        <Link to="/verify" className="brand">
          {t('appName', { ns: 'common' })}
        </Link>
        <LanguageSelect compact />
      </header>
      <main id="main" className="standalone verify">
        <h1>{t('title')}</h1>
        <CodeForm key={code ?? ''} initial={code ?? ''} />
        {code ? <Result code={code} /> : <p>{t('intro')}</p>}
        <OfflineNote code={code ?? ''} />
      </main>
    </div>
  );
}

function CodeForm({ initial }: { initial: string }) {
  const { t } = useTranslation('verify');
  const navigate = useNavigate();
  // Typed into the server's page before the app took over, else the page's code.
  const [value, setValue] = useState(() => prerenderedValue('verify-code') || initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = value.trim();
    // Written as codes are shown, so that the address copied from the result reads right. Nothing
    // typed (or spaces): the page asks for a code again, rather than keep the last code's answer
    // under an empty box.
    void navigate(code ? `/verify/${encodeURIComponent(readableCode(code))}` : '/verify');
    if (!code) setValue('');
  };
  return (
    // Without the app, the form's GET /verify?code=... is sent on to /verify/<code> by the server.
    <form className="form inline-form" method="get" action="/verify" onSubmit={submit}>
      <div className="field">
        <label htmlFor="verify-code">{t('code')}</label>
        <input
          id="verify-code"
          name="code"
          autoCapitalize="characters"
          spellCheck={false}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </div>
      <button type="submit">{t('check')}</button>
    </form>
  );
}

/** The answer for a code ('' for none), asked once for the result and the offline note. */
function useVerification(code: string) {
  // The server's page already holds the answer: not asked again.
  const prerendered = code ? prerenderedVerification(code) : null;
  const result = useQuery({
    queryKey: ['verify', code],
    queryFn: () => call(api.GET('/api/v1/verify/{code}', { params: { path: { code } } })),
    retry: false,
    enabled: code !== '' && prerendered?.status !== 404,
    initialData: prerendered?.status === 200 ? (prerendered.data as Schemas['VerificationDto']) : undefined,
  });
  const notFound =
    prerendered?.status === 404 || (result.error instanceof ApiError && result.error.status === 404);
  return { result, notFound };
}

function Result({ code }: { code: string }) {
  const { t } = useTranslation('verify');
  const format = useFormat();
  const { result, notFound } = useVerification(code);
  if (notFound) {
    return (
      <>
        <p className="verdict verdict-bad" role="status">
          {/* A slip of the keyboard is not called a forgery's "not found". */}
          {typedLength(code) === CODE_LENGTH ? t('notFound') : t('notACode')}
        </p>
        {/* A code typed one character short (or long) is a typing slip, not a forgery: said so. */}
        <p>
          {typedLength(code) === CODE_LENGTH
            ? t('notFoundText')
            : t('wrongLength', { n: format.number(typedLength(code)) })}
        </p>
      </>
    );
  }
  if (result.isError) return <ErrorMessage error={result.error} />;
  if (!result.data) return <Loading />;
  return <Genuine code={code} v={result.data} />;
}

function Genuine({ code, v }: { code: string; v: Schemas['VerificationDto'] }) {
  const { t, i18n } = useTranslation('verify');
  const format = useFormat();
  const revoked = v.status === 'revoked';
  return (
    <>
      {revoked ? (
        <div role="status">
          <p className="verdict verdict-bad">{t('revoked')}</p>
          <p>
            {t('revokedText', {
              date: v.revokedAt ? format.dateTime(v.revokedAt) : '',
            })}
          </p>
          {v.revocationReason ? (
            <p>
              <strong>
                {t('revocationReason')}
                {t('common:colon')}
              </strong>{' '}
              {v.revocationReason}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="verdict verdict-good" role="status">
          {t('genuine')}
        </p>
      )}
      <dl className="facts">
        <Fact label={t('reference')}>{v.referenceNumber}</Fact>
        <Fact label={t('docTitle')}>{v.title}</Fact>
        <Fact label={t('docType')}>
          {documentTypeLabel(
            v.documentType,
            { nameKm: v.documentTypeNameKm, nameEn: v.documentTypeNameEn },
            i18n.language,
            (code) => t(`types.${code}`, { defaultValue: '' }) || undefined,
          )}
        </Fact>
        <Fact label={t('unit')}>{displayName(v.issuingUnit, i18n.language)}</Fact>
        <Fact label={t('approvedAt')}>
          <time dateTime={v.approvedAt}>{t('inZone', { when: format.dateTime(v.approvedAt) })}</time>
        </Fact>
        <Fact label={t('code')}>
          <code>{readableCode(code)}</code>
        </Fact>
      </dl>
      <h2>{t('signers')}</h2>
      <ol className="plain-list signers">
        {v.signers.map((s, i) => {
          const post = i18n.language === 'km' ? (s.postKm ?? s.post) : (s.post ?? s.postKm);
          const actingFor = s.actingFor ? displayName(s.actingFor, i18n.language) : null;
          return (
            <li key={i}>
              <strong>{displayName(s, i18n.language)}</strong>
              {post ? `, ${post}` : ''}
              {actingFor ? ` (${t('actingFor', { name: actingFor })})` : ''}
              <br />
              <span className="muted">
                {localName(s.stage, s.stageKm, i18n.language)} ·{' '}
                <time dateTime={s.at}>{format.dateTime(s.at)}</time>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="hash">
        {t('approvedHash')}
        {t('common:colon')} <code>{v.sha256}</code>
      </p>
      {/* Minutes are signed as their PDF: then the two are one file, named once. */}
      {v.signedCopySha256 && v.signedCopySha256 !== v.sha256 ? (
        <p className="hash">
          {t('signedCopyHash')}
          {t('common:colon')} <code>{v.signedCopySha256}</code>
        </p>
      ) : null}
      {/* Minutes are signed as their PDF, made from the approved text the document page lists. */}
      {typeof v.manifest.renderedFromSha256 === 'string' ? (
        <p className="hash">
          {t('sourceHash')}
          {t('common:colon')} <code>{v.manifest.renderedFromSha256}</code>
        </p>
      ) : null}
      <FileCheck
        sha256={v.sha256}
        signedCopySha256={v.signedCopySha256 ?? null}
        sourceSha256={
          typeof v.manifest.renderedFromSha256 === 'string' ? v.manifest.renderedFromSha256 : null
        }
        revoked={v.status === 'revoked'}
      />
    </>
  );
}

/**
 * The file is the approved version, its signed copy (the PDF with the sign-off sheet) or, for a
 * document signed as its rendering (minutes: a PDF), the text that PDF was made from: says which.
 * A match on a revoked document says it is no longer in force; a mismatch, what to do.
 */
function FileCheck({
  sha256,
  signedCopySha256,
  sourceSha256,
  revoked,
}: {
  sha256: string;
  signedCopySha256: string | null;
  sourceSha256: string | null;
  revoked: boolean;
}) {
  const { t } = useTranslation('verify');
  const [state, setState] = useState<'idle' | 'working' | 'match' | 'copy' | 'source' | 'mismatch'>('idle');
  const [hash, setHash] = useState('');
  const check = async (file: File | undefined) => {
    if (!file) return;
    setState('working');
    const h = await sha256Hex(file);
    setHash(h);
    if (h === sha256.toLowerCase()) setState('match');
    else if (signedCopySha256 && h === signedCopySha256.toLowerCase()) setState('copy');
    else if (sourceSha256 && h === sourceSha256.toLowerCase()) setState('source');
    else setState('mismatch');
  };
  const which = {
    match: 'fileCheck.isApprovedVersion',
    copy: 'fileCheck.isSignedCopy',
    source: 'fileCheck.isSource',
  };
  return (
    <section className="panel" aria-labelledby="file-check-title">
      <h2 id="file-check-title">{t('fileCheck.title')}</h2>
      <p>{t('fileCheck.text')}</p>
      <FileInput id="check-file" label={t('fileCheck.label')} onFile={(f) => void check(f ?? undefined)} />
      <div role="status" aria-live="polite">
        {state === 'working' ? <p>{t('fileCheck.working')}</p> : null}
        {state === 'match' || state === 'copy' || state === 'source' ? (
          <>
            <p className="verdict verdict-good small">{t('fileCheck.match')}</p>
            <p>{t(which[state])}</p>
            {/* The file is the one signed, but the document is no longer in force. */}
            {revoked ? <p className="alert alert-error">{t('fileCheck.butRevoked')}</p> : null}
          </>
        ) : null}
        {state === 'mismatch' ? (
          <>
            <p className="verdict verdict-bad small">{t('fileCheck.mismatch')}</p>
            <p>{t('fileCheck.mismatchText')}</p>
            <p className="hash">
              {t('fileCheck.yourHash')}
              {t('common:colon')} <code>{hash}</code>
            </p>
          </>
        ) : null}
      </div>
    </section>
  );
}

/** The command that checks a signature with the three downloaded files (OpenSSL 3, Ed25519). */
const OFFLINE_COMMAND =
  'openssl pkeyutl -verify -pubin -inkey ministry-signing-key.pem -rawin -in manifest.json -sigfile signature.bin';

/** A public file of a signed document: its manifest's exact bytes, or the signature over them. */
const signedFileUrl = (code: string, name: 'manifest.json' | 'signature.bin') =>
  `/api/v1/verify/${encodeURIComponent(code)}/${name}`;

/** How to check without this website: the command, and the files it takes (a checked code's too). */
function OfflineNote({ code }: { code: string }) {
  const { t } = useTranslation('verify');
  const signed = !!useVerification(code).result.data;
  return (
    <section aria-labelledby="offline-title" className="muted-section">
      <h2 id="offline-title">{t('offline.title')}</h2>
      <p>{t('offline.text')}</p>
      <pre className="command">
        <code>{OFFLINE_COMMAND}</code>
      </pre>
      <ul className="plain-list downloads">
        <li>
          <a href="/api/v1/verify/public-key" download="ministry-signing-key.pem">
            {t('offline.key')}
          </a>
        </li>
        {signed ? (
          <>
            <li>
              <a href={signedFileUrl(code, 'manifest.json')} download="manifest.json">
                {t('offline.manifest')}
              </a>
            </li>
            <li>
              <a href={signedFileUrl(code, 'signature.bin')} download="signature.bin">
                {t('offline.signature')}
              </a>
            </li>
          </>
        ) : null}
      </ul>
    </section>
  );
}
