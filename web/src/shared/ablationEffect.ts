/**
 * What the pages read of an Ablation: the effect, its paired-bootstrap CI, and the random
 * controls' spread. The type is cut from the schema's generated types, so it follows the API.
 */
import type { Ablation } from './schema.generated.ts';

export const ABLATION_EFFECT_FIELDS = 'neurons pairs baselineAccuracy accuracy deltaAccuracy deltaLow deltaHigh controls controlMeanDelta controlStdDelta zScore';

export type AblationEffect = Pick<
  Ablation,
  'neurons' | 'pairs' | 'baselineAccuracy' | 'accuracy' | 'deltaAccuracy' | 'deltaLow' | 'deltaHigh' | 'controls' | 'controlMeanDelta' | 'controlStdDelta' | 'zScore'
>;
