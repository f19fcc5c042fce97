/** The ministry's clock: Cambodia's time (UTC+7 all year), in which its dates are written and counted. */
export const MINISTRY_TIME_ZONE = 'Asia/Phnom_Penh';

const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: MINISTRY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day of `at` in the ministry's time, as `YYYY-MM-DD`. */
export function ministryDay(at: Date): string {
  return DAY.format(at);
}
