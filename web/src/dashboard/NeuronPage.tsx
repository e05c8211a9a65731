import type { ViewContext } from './study.ts';
import type { NeuronRoute } from './urlState.ts';

export function NeuronPage(_props: ViewContext & { route: NeuronRoute }) {
  return null;
}
