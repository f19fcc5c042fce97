/** The languages the system speaks: Khmer first, English second. */
export type Locale = 'km' | 'en';
