import type { ViewContext } from '../study.ts';

export function FrontierView(_context: ViewContext) {
  return null;
}
