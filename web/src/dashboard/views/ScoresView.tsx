import type { ViewContext } from '../study.ts';

export function ScoresView(_context: ViewContext) {
  return null;
}
