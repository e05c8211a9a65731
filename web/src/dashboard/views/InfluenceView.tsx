import type { ViewContext } from '../study.ts';

export function InfluenceView(_context: ViewContext) {
  return null;
}
