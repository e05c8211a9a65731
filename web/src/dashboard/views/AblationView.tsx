import type { ViewContext } from '../study.ts';

export function AblationView(_context: ViewContext) {
  return null;
}
