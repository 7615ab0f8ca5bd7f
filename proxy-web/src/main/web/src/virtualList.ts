// Which rows of a long list are on screen: only those are rendered.

export interface RowRange {
  /** The first row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
}

/**
 * The rows visible in a viewport of {@code height} pixels scrolled to {@code scrollTop}, with
 * {@code overscan} more on either side so that scrolling does not show blank rows.
 */
export function visibleRows(scrollTop: number, height: number, rowHeight: number, count: number,
    overscan: number): RowRange {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + height) / rowHeight);
  return { start: Math.max(0, Math.min(count, first - overscan)), end: Math.min(count, last + overscan) };
}
