import type { ViewContext } from '../study.ts';

export function SweepView(_context: ViewContext) {
  return null;
}
