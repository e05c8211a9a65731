/** Input errors of the analysis functions, kept apart so callers can map them to BAD_USER_INPUT. */

/**
 * A request the analysis cannot honour because of what the caller asked for (a percent out of
 * range, a missing base, a neuron outside the model). The server maps it to `BAD_USER_INPUT`;
 * any other error from the analysis is a bug or a compute failure.
 */
export class AnalysisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisInputError';
  }
}
