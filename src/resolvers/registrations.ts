/** Registering and unregistering model and dataset files (mutations; the token rule is the server's). */
import type { MutationResolvers } from './generated.ts';
import { toDatasetFormat, toPairing, toPromptForm } from './inputs.ts';

/** `Mutation.registerModel`, `registerDataset`, `unregisterModel`, `unregisterDataset`. */
export const registrationMutations: Pick<MutationResolvers, 'registerModel' | 'registerDataset' | 'unregisterModel' | 'unregisterDataset'> = {
  registerModel: (_parent, { path, name, objective, base }, { registrations }) => registrations.registerModel({ path, name, objective, base }),
  registerDataset: (_parent, { path, name, objective, format, evaluationOnly, prompt, pairing }, { registrations }) =>
    registrations.registerDataset({
      path,
      name,
      objective,
      format: toDatasetFormat(format),
      prompt: toPromptForm(prompt),
      pairing: toPairing(pairing),
      // An explicit null means the schema's default, as an omitted argument does.
      evaluationOnly: evaluationOnly ?? false,
    }),
  unregisterModel: (_parent, { id }, { registrations }) => registrations.unregisterModel(id),
  unregisterDataset: (_parent, { id }, { registrations }) => registrations.unregisterDataset(id),
};
