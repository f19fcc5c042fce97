import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `fn` with a PDF written to a scratch directory, removed afterwards. */
async function withPdf<T>(pdf: Buffer, fn: (dir: string, path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-test-'));
  try {
    const path = join(dir, 'doc.pdf');
    await writeFile(path, pdf);
    return await fn(dir, path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A word as poppler's pdftotext places it: its page (from 1) and box, y growing downwards. */
export interface PdfWord {
  page: number;
  text: string;
  yMin: number;
  yMax: number;
}

/** Every word of a PDF with its box (`pdftotext -bbox`). */
export function pdfWords(pdf: Buffer): Promise<PdfWord[]> {
  return withPdf(pdf, async (_dir, path) => {
    const html = (await run('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'])).stdout;
    const words: PdfWord[] = [];
    html
      .split('<page ')
      .slice(1)
      .forEach((page, i) => {
        for (const m of page.matchAll(
          /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g,
        )) {
          words.push({ page: i + 1, text: m[3], yMin: Number(m[1]), yMax: Number(m[2]) });
        }
      });
    return words;
  });
}

/** The text of a PDF as poppler's pdftotext reads it (UTF-8, reading order). */
export function pdfText(pdf: Buffer): Promise<string> {
  return withPdf(pdf, async (_dir, path) => (await run('pdftotext', ['-enc', 'UTF-8', path, '-'])).stdout);
}

/**
 * Text for comparing Khmer: pdftotext guesses word breaks from glyph positions and puts a space
 * after some vowel signs inside a word (ហេដ្ឋា រចនា), though the characters are in order. Apply
 * this to both sides of a comparison: it drops every space between two Khmer characters.
 */
export const squeezeKhmer = (s: string): string =>
  s.replace(/(?<=[\u1780-\u17FF])\s+(?=[\u1780-\u17FF])/g, '');

/** The number of pages (pdfinfo). */
export function pdfPages(pdf: Buffer): Promise<number> {
  return withPdf(pdf, async (_dir, path) => {
    const { stdout } = await run('pdfinfo', [path]);
    return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  });
}

/** Every QR code zbarimg decodes from the pages of a PDF rendered to PNG at 150 dpi. */
export function pdfQrCodes(pdf: Buffer): Promise<string[]> {
  return withPdf(pdf, async (dir, path) => {
    await run('pdftoppm', ['-png', '-r', '150', path, join(dir, 'page')]);
    const pages = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
    const found: string[] = [];
    for (const page of pages) {
      try {
        const { stdout } = await run('zbarimg', ['--quiet', '--raw', '-Sqrcode.enable', join(dir, page)]);
        found.push(...stdout.split('\n').filter(Boolean));
      } catch {
        // zbarimg exits 4 when a page has no code.
      }
    }
    return found;
  });
}

export const isPdf = (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-';
