/**
 * Colours of the dashboard: the Okabe–Ito palette, distinguishable with the common colour-vision
 * deficiencies, one meaning per colour across every view.
 */
export const COLOURS = {
  helpful: '#0072B2',
  harmless: '#D55E00',
  shared: '#CC79A7',
  all: '#000000',
  neither: '#BBBBBB',
  control: '#999999',
  mixed: '#009E73',
} as const;

/** Membership kinds (the API's NeuronMembershipKind) in legend order. */
export const MEMBERSHIP_COLOURS = {
  domain: ['HELPFUL_ONLY', 'HARMLESS_ONLY', 'SHARED', 'NEITHER'],
  range: [COLOURS.helpful, COLOURS.harmless, COLOURS.shared, COLOURS.neither],
};

/** A sequential scheme for accuracies (viridis is perceptually uniform and colour-blind-safe). */
export const ACCURACY_SCHEME = 'viridis';
