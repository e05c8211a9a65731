/**
 * Relay-style cursor pagination, mostly over a list the analysis already returned in full (the
 * lists grow with the model, not with the data, so slicing in memory is cheap); a list the
 * analysis pages itself gets the same cursors. Cursors are opaque: base64url of the item's
 * position, so clients cannot depend on their form.
 */
import { BadUserInputError } from '../errors.ts';

/** The largest page a client may ask for. */
export const MAX_PAGE_SIZE = 1000;

/** The schema's default `first` of the neuron lists and connections; an explicit null means it too. */
export const DEFAULT_PAGE_SIZE = 100;

/** A page in the shape of the schema's `*Connection` types. */
export interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: T }[];
}

/** Throws BadUserInputError unless `first` is an integer in [0, MAX_PAGE_SIZE]. */
export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be an integer in [0, ${MAX_PAGE_SIZE}], got ${first}`);
  }
  return first;
}

/** The `first` items after the one `after` points at (from the start without `after`). */
export function paginate<T>(items: readonly T[], { first, after }: { first: number; after?: string | null }): Connection<T> {
  const start = startAfter(after);
  return connectionOf(items.slice(start, start + pageSize(first)), start, items.length);
}

/** Where a page continues: the position after the item `after` points at (0 without `after`). */
export function startAfter(after: string | null | undefined): number {
  return after === undefined || after === null ? 0 : positionOf(after) + 1;
}

/**
 * A page that starts at position `start` of a list of `totalCount` items: for lists the
 * analysis pages itself (offset paging), so cursors stay the same opaque positions.
 */
export function connectionOf<T>(page: readonly T[], start: number, totalCount: number): Connection<T> {
  const edges = page.map((node, i) => ({ cursor: cursorOf(start + i), node }));
  return {
    totalCount,
    pageInfo: { hasNextPage: start + page.length < totalCount, endCursor: edges.at(-1)?.cursor ?? null },
    edges,
  };
}

/** Items of one layer when `layer` is given; all items otherwise. */
export function inLayer<T>(items: readonly T[], layer: number | null | undefined, layerOf: (item: T) => number): readonly T[] {
  return layer === undefined || layer === null ? items : items.filter((item) => layerOf(item) === layer);
}

function cursorOf(position: number): string {
  return Buffer.from(`p${position}`).toString('base64url');
}

function positionOf(cursor: string): number {
  const match = /^p(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new BadUserInputError(`after: '${cursor}' is not a cursor this API returned`);
  return Number(match[1]);
}
