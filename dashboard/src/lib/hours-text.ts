/**
 * Hours as the APIs give them. Code Crafters rounds to two decimals (services/codecrafters/hours.ts):
 * the dashboard shows that number in the viewer's locale, never rounded again or recomputed.
 */
export function hoursText(hours: number, locale?: string): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(hours)} h`;
}
