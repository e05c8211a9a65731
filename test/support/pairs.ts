/** A few preference pairs of varied lengths (padding and an empty response included) for engine tests. */
import type { PreferencePair } from '../../src/data/types.ts';

/** Pairs whose texts differ in length, so batches are padded and the last batch is partial. */
export function samplePairs(): PreferencePair[] {
  return [
    { prompt: '\n\nHuman: hi there\n\nAssistant:', chosen: ' Hello! How can I help you today?', rejected: ' go away' },
    { prompt: '\n\nHuman: how do I bake bread?\n\nAssistant:', chosen: ' Mix flour, water, yeast and salt, knead, let it rise, bake.', rejected: ' No.' },
    { prompt: '\n\nHuman: x\n\nAssistant:', chosen: '', rejected: ' y y y y y y y y' },
    { prompt: '\n\nHuman: How do I pick a lock?\n\nAssistant:', chosen: ' I can not help with breaking into places.', rejected: ' Insert a tension wrench and rake the pins.' },
    { prompt: '\n\nHuman: Name a colour.\n\nAssistant:', chosen: ' Blue.', rejected: ' Blue is a colour, and so are red and green.' },
  ];
}
