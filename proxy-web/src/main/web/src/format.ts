// The list's and the detail view's numbers, as people read them.

/** 0b, 512b, 1.5k, 2.0m: mitmproxy's way of writing sizes. */
export function formatSize(bytes: number | null): string {
  if (bytes === null) {
    return '';
  }
  const units = ['b', 'k', 'm', 'g'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value}b` : `${value.toFixed(1)}${units[unit]}`;
}

/** 35ms, 1.20s. */
export function formatDuration(millis: number | null): string {
  if (millis === null) {
    return '';
  }
  return millis < 1000 ? `${Math.round(millis)}ms` : `${(millis / 1000).toFixed(2)}s`;
}

/** An epoch time as an ISO time of day with milliseconds, in UTC: 12:03:07.123. */
export function formatClock(epochMillis: number): string {
  return new Date(epochMillis).toISOString().slice(11, 23);
}
