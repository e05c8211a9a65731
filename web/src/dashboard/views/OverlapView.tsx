import type { ViewContext } from '../study.ts';

export function OverlapView(_context: ViewContext) {
  return null;
}
