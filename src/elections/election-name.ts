import type { LocalizedText } from '../notifications/templates.js';

/** An election's title in each reader's language (its Khmer title, when it has one, for Khmer readers). */
export const electionName = (e: { title: string; titleKm: string | null }): LocalizedText => ({
  km: e.titleKm ?? e.title,
  en: e.title,
});
